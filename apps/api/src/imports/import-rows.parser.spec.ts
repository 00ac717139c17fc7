import { DEFAULT_RECEIPT_POLICY } from '@sendflow/calendar';
import { IMPORT_COLUMNS } from '@sendflow/domain';
import { parseImportFile, type ImportContext } from './import-rows.parser';

const ctx: ImportContext = {
  localAuthorities: new Set(['E06000023', 'E10000015']),
  services: new Set(['SLT', 'OT', 'PAED']),
  policy: DEFAULT_RECEIPT_POLICY,
  actorId: 'admin-1',
  now: new Date('2026-11-30T12:00:00Z'),
};
const HEADER = IMPORT_COLUMNS.join(',');
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseImportFile', () => {
  it('reads a good row: London local times, the due date from the intake calendar, an exception as an extension', () => {
    const { rows, errors, count } = parseImportFile(file(
      'E06000023,EHC-1,Alex,Example,2016-05-01,2018-03-05 10:00,2018-04-10 16:00,returned,SLT;ot,,',
      'e10000015, EHC-2 ,Bo,Example,2016-05-01,2018-07-02T18:30:00+01:00,2018-08-20T09:00:00Z,not_known,,missed_appointment,10',
    ), ctx);
    expect(errors).toEqual([]);
    expect(count).toBe(2);
    expect(rows[0]).toMatchObject({
      row: 2, laCode: 'E06000023', laReference: 'EHC-1', workflowId: 'ehcna/E06000023/EHC-1', receivedAt: '2018-03-05T10:00:00.000Z',
      respondedAt: '2018-04-10T15:00:00.000Z', outcome: 'returned', services: ['SLT', 'OT'], exception: null,
    });
    // Monday 5 March 2018 before 17:00: receipt that day, 42 days on.
    expect(rows[0].deadline).toMatchObject({ effectiveReceiptDate: '2018-03-05', dueDate: '2018-04-16' });
    // 18:30 BST is after the cut-off: receipt Tuesday 3 July, due 14 August, plus 10 days.
    expect(rows[1]).toMatchObject({ row: 3, laCode: 'E10000015', laReference: 'EHC-2', outcome: 'not_known', services: [], exception: { kind: 'missed_appointment', days: 10 } });
    expect(rows[1].deadline).toMatchObject({ effectiveReceiptDate: '2018-07-03', baseDueDate: '2018-08-14', dueDate: '2018-08-24' });
  });

  it('reports every problem of every row with its spreadsheet row and column', () => {
    const { rows, errors } = parseImportFile(file(
      'E99999999,EHC-1,Alex,Example,2016-05-01,2018-03-05 10:00,2018-04-10 16:00,returned,SLT,,',
      'E06000023,EHC-2,,Example,2016-02-30,2018-03-05,,maybe,SLT;XYZ,away,',
      'E06000023,EHC-3,Cy,Example,2016-05-01,2018-03-31 10:00,2018-03-30 10:00,returned,SLT;SLT,,5',
      'E06000023,ehc-3,Cy,Example,2016-05-01,2030-01-01T00:00:00Z,2030-02-01T00:00:00Z,returned,OT,missed_appointment,0',
      'E06000023,EHC-5,Di',
    ), ctx);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 2, column: 'la_code', message: expect.stringMatching(/E99999999 is not a local authority/) },
      { row: 3, column: 'child_given_name', message: 'child_given_name is empty' },
      { row: 3, column: 'received_at', message: expect.stringMatching(/ISO 8601 instant with an offset/) },
      { row: 3, column: 'child_date_of_birth', message: expect.stringMatching(/YYYY-MM-DD/) },
      { row: 3, column: 'returned_at', message: expect.stringMatching(/only closed requests are imported/) },
      { row: 3, column: 'outcome', message: expect.stringMatching(/returned or not_known/) },
      { row: 3, column: 'services', message: 'services: XYZ is not a service of this trust' },
      { row: 3, column: 'exception_kind', message: expect.stringMatching(/reg 8\(2\)/) },
      { row: 4, column: 'returned_at', message: 'returned_at is before received_at' },
      { row: 4, column: 'services', message: 'services names a service twice' },
      { row: 4, column: 'exception_days', message: 'exception_days is set but exception_kind is empty' },
      { row: 5, column: 'received_at', message: 'received_at is in the future' },
      { row: 5, column: 'returned_at', message: 'returned_at is in the future' },
      { row: 5, column: 'exception_days', message: expect.stringMatching(/1 to 365/) },
      { row: 5, column: 'la_reference', message: 'la_reference repeats row 4 (the same LA and reference is one request)' },
      { row: 6, column: null, message: 'expected 11 values, found 3' },
    ]);
  });

  it('checks the header: every column, no unknown or repeated one', () => {
    const missing = parseImportFile('la_code,la_reference,child_given_name,notes,la_code\nx,y,z,w,v', ctx);
    expect(missing.errors).toEqual(expect.arrayContaining([
      { row: 1, column: 'child_family_name', message: 'the header has no column child_family_name' },
      { row: 1, column: 'notes', message: expect.stringMatching(/unknown column "notes"/) },
      { row: 1, column: 'la_code', message: 'column la_code appears twice' },
    ]));
    expect(parseImportFile('', ctx).errors).toEqual([{ row: 1, column: null, message: expect.stringMatching(/empty/) }]);
    expect(parseImportFile(HEADER, ctx).errors).toEqual([{ row: 2, column: null, message: 'the file has a header but no requests' }]);
    expect(parseImportFile(`${HEADER}\n"unclosed,quote`, ctx).errors[0]).toMatchObject({ column: null, message: expect.stringMatching(/not valid CSV/) });
  });

  it('accepts a byte-order mark and quoted fields with commas', () => {
    const { rows, errors } = parseImportFile(`\uFEFF${file('E06000023,"EHC, 9","Anne-Marie","O\'Neil, Jr",2016-05-01,2018-03-05 10:00,2018-04-10 16:00,returned,SLT,,')}`, ctx);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ laReference: 'EHC, 9', givenName: 'Anne-Marie', familyName: "O'Neil, Jr" });
  });
});
