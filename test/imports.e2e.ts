import { IMPORT_COLUMNS } from '@sendflow/domain';
import { httpClient, USERS } from './support/http';
import { ensureLocalAuthority } from './support/report-data';
import { startStack, type Stack } from './support/stack';

/**
 * Import of history through POST /api/imports/requests, then the timeliness report over it.
 * This file's LA and 2018 due dates are its own, so its figures are exact whatever else the run did.
 */
const LA = 'E99IMP01';
const HEADER = IMPORT_COLUMNS.join(',');
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

/**
 * Hand-worked (receipt policy: 17:00 Europe/London cut-off, weekends and bank holidays roll on):
 * H1 received Mon 5 Mar 2018 10:00 -> receipt 5 Mar, due 16 Apr; returned 10 Apr: on time, 36 days.
 * H2 received Thu 29 Mar 2018 18:00 BST -> after cut-off; Fri 30 Mar is Good Friday, then the
 *    weekend and Easter Monday: receipt Tue 3 Apr, due 15 May; not known 20 Apr: on time, 17 days.
 * H3 received 2 Apr 2018 09:00Z (Easter Monday) -> receipt Tue 3 Apr, due 15 May; returned 16 May 08:00 BST: late, 43 days.
 * H4 received 6 Mar 2018 12:00 -> due 17 Apr, +10 day reg 8(2) extension -> 27 Apr; returned 25 Apr: exception.
 */
const GOOD = [
  `${LA},HIST-1,Alex,Example,2016-05-01,2018-03-05 10:00,2018-04-10 15:00,returned,SLT;OT,,`,
  `${LA},HIST-2,Bo,Example,2015-01-02,2018-03-29 18:00,2018-04-20T11:00:00+01:00,not_known,,,`,
  `${LA},HIST-3,Cy,Example,2014-07-07,2018-04-02T09:00:00Z,2018-05-16 08:00,returned,SLT,,`,
  `${LA},HIST-4,Di,Example,2013-03-03,2018-03-06 12:00,2018-04-25 16:00,returned,OT,exceptional_personal_circumstances,10`,
];

describe('import of history', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const post = (body: string, query = '', as: string = USERS.admin, type = 'text/csv') =>
    http.call('POST', `/imports/requests${query}`, as, body, { 'content-type': type });
  const countMine = async () => Number((await stack.ds.query(`SELECT count(*) AS n FROM requests WHERE local_authority_code = $1`, [LA]))[0].n);

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
    await ensureLocalAuthority(stack.ds, LA, 'Import Test Borough');
  });
  afterAll(async () => stack?.close());

  it('a dry run reports every row error with row and column, and saves nothing', async () => {
    const res = await post(csv(
      GOOD[0],
      `${LA},HIST-9,Ed,Example,2016-05-01,2018-03-05 10:00,,returned,SLT,,`,
      `${LA},HIST-10,Flo,Example,2016-05-01,2018-03-05 10:00,2018-04-01 10:00,returned,ZZZ,,`,
      `${LA},HIST-1,Gus,Example,2016-05-01,2018-03-05 10:00,2018-04-01 10:00,returned,SLT,missed_appointment,`,
    ), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: true, rows: 4, imported: 0, batchId: null,
      errors: [
        { row: 3, column: 'returned_at', message: expect.stringMatching(/only closed requests are imported/) },
        { row: 4, column: 'services', message: 'services: ZZZ is not a service of this trust' },
        { row: 5, column: 'exception_days', message: expect.stringMatching(/whole number of days/) },
        { row: 5, column: 'la_reference', message: 'la_reference repeats row 2 (the same LA and reference is one request)' },
      ],
    });
    expect(await countMine()).toBe(0);
  });

  it('with any row in error, imports none (400 with the errors)', async () => {
    const res = await post(csv(...GOOD, `${LA},HIST-5,Ed,Example,2016-05-01,2018-03-05 10:00,2018-03-01 10:00,returned,SLT,,`));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('1 row has errors; nothing was imported');
    expect(res.body.errors).toEqual([{ row: 6, column: 'returned_at', message: 'returned_at is before received_at' }]);
    expect(await countMine()).toBe(0);
  });

  it('imports all rows: due dates from the intake calendar, marked imported, no workflow, counted in the report', async () => {
    const dry = await post(csv(...GOOD), '?dryRun=true');
    expect(dry.body).toEqual({ dryRun: true, rows: 4, imported: 0, batchId: null, errors: [] });
    expect(await countMine()).toBe(0);

    const res = await post(csv(...GOOD));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, rows: 4, imported: 4, errors: [] });
    const rows = await stack.ds.query(
      `SELECT la_reference, to_char(effective_receipt_date, 'YYYY-MM-DD') AS receipt, to_char(statutory_due_date, 'YYYY-MM-DD') AS due,
         to_char(base_due_date, 'YYYY-MM-DD') AS base, status, imported, sop_version_id, allocated_services, import_batch_id,
         (SELECT count(*) FROM tasks t WHERE t.request_id = r.id)::int AS tasks
       FROM requests r WHERE local_authority_code = $1 ORDER BY la_reference`, [LA]);
    expect(rows).toEqual([
      { la_reference: 'HIST-1', receipt: '2018-03-05', due: '2018-04-16', base: '2018-04-16', status: 'returned', imported: true, sop_version_id: null, allocated_services: ['SLT', 'OT'], import_batch_id: res.body.batchId, tasks: 0 },
      { la_reference: 'HIST-2', receipt: '2018-04-03', due: '2018-05-15', base: '2018-05-15', status: 'not_known', imported: true, sop_version_id: null, allocated_services: [], import_batch_id: res.body.batchId, tasks: 0 },
      { la_reference: 'HIST-3', receipt: '2018-04-03', due: '2018-05-15', base: '2018-05-15', status: 'returned', imported: true, sop_version_id: null, allocated_services: ['SLT'], import_batch_id: res.body.batchId, tasks: 0 },
      { la_reference: 'HIST-4', receipt: '2018-03-06', due: '2018-04-27', base: '2018-04-17', status: 'returned', imported: true, sop_version_id: null, allocated_services: ['OT'], import_batch_id: res.body.batchId, tasks: 0 },
    ]);
    const audit = await stack.ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'request.import' AND after->>'batchId' = $1`, [res.body.batchId]);
    expect(audit[0].n).toBe(4);

    const report = await http.get('/reports/timeliness?from=2018-04&to=2018-05&by=la', USERS.auditor);
    expect(report.body.rows.find((r: { key: string }) => r.key === LA)).toEqual({
      key: LA, label: 'Import Test Borough', due: 4, onTime: 2, late: 1, open: 0, exceptions: 1, notKnown: 1, percentOnTime: 66.7,
      medianDaysToResponse: 36, p90DaysToResponse: 41.6,
    });
  });

  it('refuses the same LA reference again, row by row', async () => {
    const res = await post(csv(GOOD[1], `${LA},hist-3,Cy,Example,2014-07-07,2018-04-02T09:00:00Z,2018-05-16 08:00,returned,SLT,,`), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'la_reference', message: `${LA} HIST-2 is already recorded (imported before, or taken through intake)` },
      { row: 3, column: 'la_reference', message: `${LA} hist-3 is already recorded (imported before, or taken through intake)` },
    ]);
    expect((await post(csv(GOOD[1]))).status).toBe(400);
  });

  it('takes only text/csv, a well-formed header, and admin', async () => {
    expect((await post(JSON.stringify({ rows: [] }), '', USERS.admin, 'application/json')).status).toBe(415);
    expect((await post('la_code\nE1')).body.errors[0]).toMatchObject({ row: 1, column: 'la_reference' });
    expect((await post('', '')).status).toBe(400);
    expect((await post(csv(GOOD[0]), '?dryRun=yes')).status).toBe(400);
    expect((await post(csv(GOOD[0]), '', USERS.coordinator)).status).toBe(403);
  });
});
