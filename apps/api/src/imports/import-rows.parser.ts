import { parse } from 'csv-parse/sync';
import {
  CalendarError, defaultHolidayCalendar, isLocalDate, localDateTimeToInstant, parseInstant, statutoryDeadline, STATUTORY_EXCEPTION_KINDS,
  type ReceiptPolicy, type StatutoryDeadline, type StatutoryExceptionKind,
} from '@sendflow/calendar';
import { IMPORT_COLUMNS, requestWorkflowId, TRUST_TIME_ZONE, type ImportColumn, type ImportRowError } from '@sendflow/domain';

/** A file this long is several trusts' whole history; more is a mistake or an attack. */
export const IMPORT_MAX_ROWS = 100_000;

export interface ImportedRequestRow {
  row: number;
  workflowId: string;
  laCode: string;
  laReference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  receivedAt: string;
  respondedAt: string;
  outcome: 'returned' | 'not_known';
  services: string[];
  exception: { kind: StatutoryExceptionKind; days: number } | null;
  deadline: StatutoryDeadline;
}

export interface ImportContext {
  localAuthorities: ReadonlySet<string>;
  services: ReadonlySet<string>;
  policy: ReceiptPolicy;
  /** Who is importing, recorded on the reg 8(2) extension an exception row becomes. */
  actorId: string;
  now: Date;
}

class RowError extends Error {
  constructor(readonly column: ImportColumn, message: string) { super(message); }
}

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;

/** `2024-03-05T16:40:00Z` / `+01:00`, or `2024-03-05 16:40` read in Europe/London. */
function instant(column: ImportColumn, value: string): string {
  if (!value) throw new RowError(column, `${column} is empty`);
  const local = LOCAL_RE.exec(value);
  try {
    if (local) return localDateTimeToInstant(local[1], local[2], TRUST_TIME_ZONE, column);
    return new Date(parseInstant(value, column)).toISOString();
  } catch (err) {
    if (err instanceof CalendarError) {
      throw new RowError(column, `${column} must be an ISO 8601 instant with an offset (2024-03-05T16:40:00Z) or "YYYY-MM-DD HH:mm" in Europe/London; got "${value.slice(0, 40)}"${/does not exist/.test(err.message) ? ' (the clocks went forward then)' : ''}`);
    }
    throw err;
  }
}

function text(column: ImportColumn, value: string, max: number): string {
  if (!value) throw new RowError(column, `${column} is empty`);
  if (value.length > max) throw new RowError(column, `${column} is longer than ${max} characters`);
  return value;
}

/**
 * Reads and checks an import file: every row's every problem is reported (row number as a
 * spreadsheet shows it, column, message), nothing is saved here. Checks that need the database
 * (a reference already recorded) are the caller's.
 */
export function parseImportFile(csv: string, ctx: ImportContext): { rows: ImportedRequestRow[]; errors: ImportRowError[]; count: number } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 64 * 1024 });
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { count: 0, rows: [], errors: [{ row: e.lines ?? 1, column: null, message: `the file is not valid CSV: ${String(e.message ?? '').slice(0, 200)}` }] };
  }
  if (records.length === 0) return { count: 0, rows: [], errors: [{ row: 1, column: null, message: 'the file is empty: it needs a header row and at least one request' }] };

  const header = records[0].map((h) => h.toLowerCase());
  const errors: ImportRowError[] = [];
  for (const col of IMPORT_COLUMNS) if (!header.includes(col)) errors.push({ row: 1, column: col, message: `the header has no column ${col}` });
  header.forEach((h, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h)) errors.push({ row: 1, column: h || `column ${i + 1}`, message: `unknown column "${h}"; the columns are ${IMPORT_COLUMNS.join(', ')}` });
    else if (header.indexOf(h) !== i) errors.push({ row: 1, column: h, message: `column ${h} appears twice` });
  });
  if (errors.length) return { count: records.length - 1, rows: [], errors };
  if (records.length === 1) return { count: 0, rows: [], errors: [{ row: 2, column: null, message: 'the file has a header but no requests' }] };
  if (records.length - 1 > IMPORT_MAX_ROWS) return { count: records.length - 1, rows: [], errors: [{ row: IMPORT_MAX_ROWS + 2, column: null, message: `at most ${IMPORT_MAX_ROWS} requests per file; split it` }] };

  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<ImportColumn, number>;
  const seen = new Map<string, number>();
  const rows: ImportedRequestRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rowNumber = i + 1;
    const rec = records[i];
    if (rec.length !== header.length) {
      errors.push({ row: rowNumber, column: null, message: `expected ${header.length} values, found ${rec.length}` });
      continue;
    }
    const get = (c: ImportColumn) => rec[index[c]] ?? '';
    const rowErrors: ImportRowError[] = [];
    const check = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof RowError) { rowErrors.push({ row: rowNumber, column: err.column, message: err.message }); return undefined; }
        throw err;
      }
    };

    const laCode = check(() => {
      const v = text('la_code', get('la_code'), 16).toUpperCase();
      if (!ctx.localAuthorities.has(v)) throw new RowError('la_code', `la_code ${v} is not a local authority this trust works with (add it under admin first)`);
      return v;
    });
    const laReference = check(() => text('la_reference', get('la_reference').replace(/\s+/g, ' '), 100));
    const givenName = check(() => text('child_given_name', get('child_given_name'), 100));
    const familyName = check(() => text('child_family_name', get('child_family_name'), 100));
    const receivedAt = check(() => {
      const v = instant('received_at', get('received_at'));
      if (Date.parse(v) > ctx.now.getTime()) throw new RowError('received_at', 'received_at is in the future');
      return v;
    });
    const dateOfBirth = check(() => {
      const v = get('child_date_of_birth');
      if (!isLocalDate(v)) throw new RowError('child_date_of_birth', `child_date_of_birth must be a date YYYY-MM-DD; got "${String(v).slice(0, 20)}"`);
      if (receivedAt && v > receivedAt.slice(0, 10)) throw new RowError('child_date_of_birth', 'child_date_of_birth is after received_at');
      return v;
    });
    const respondedAt = check(() => {
      if (!get('returned_at')) throw new RowError('returned_at', 'returned_at is empty: only closed requests are imported; record an open request through intake (POST /api/requests)');
      const v = instant('returned_at', get('returned_at'));
      if (receivedAt && Date.parse(v) < Date.parse(receivedAt)) throw new RowError('returned_at', 'returned_at is before received_at');
      if (Date.parse(v) > ctx.now.getTime()) throw new RowError('returned_at', 'returned_at is in the future');
      return v;
    });
    const outcome = check(() => {
      const v = get('outcome').toLowerCase();
      if (v !== 'returned' && v !== 'not_known') throw new RowError('outcome', `outcome must be returned or not_known; got "${get('outcome').slice(0, 40)}"`);
      return v as 'returned' | 'not_known';
    });
    const services = check(() => {
      const codes = get('services').split(';').map((s) => s.trim().toUpperCase()).filter(Boolean);
      const unknown = codes.filter((c) => !ctx.services.has(c));
      if (unknown.length) throw new RowError('services', `services: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not services' : 'is not a service'} of this trust`);
      if (new Set(codes).size !== codes.length) throw new RowError('services', 'services names a service twice');
      return codes;
    });
    const exception = check(() => {
      const kind = get('exception_kind');
      const days = get('exception_days');
      if (!kind) {
        if (days) throw new RowError('exception_days', 'exception_days is set but exception_kind is empty');
        return null;
      }
      if (!(STATUTORY_EXCEPTION_KINDS as readonly string[]).includes(kind)) {
        throw new RowError('exception_kind', `exception_kind must be empty or one of ${STATUTORY_EXCEPTION_KINDS.join(', ')} (reg 8(2)); got "${kind.slice(0, 60)}"`);
      }
      if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 365) {
        throw new RowError('exception_days', 'exception_days must be a whole number of days from 1 to 365 when exception_kind is set');
      }
      return { kind: kind as StatutoryExceptionKind, days: Number(days) };
    });

    let deadline: StatutoryDeadline | undefined;
    if (receivedAt && exception !== undefined) {
      try {
        // The same calendar code as intake; an exception becomes the reg 8(2) extension it was.
        deadline = statutoryDeadline({
          receivedAt, policy: ctx.policy, calendar: defaultHolidayCalendar,
          extensions: exception ? [{ id: 'imported', kind: exception.kind, days: exception.days, evidence: 'Recorded in the trust\'s history before SENDflow (imported)', recordedBy: ctx.actorId, recordedAt: ctx.now.toISOString() }] : [],
        });
      } catch (err) {
        if (!(err instanceof CalendarError)) throw err;
        rowErrors.push({ row: rowNumber, column: 'received_at', message: `received_at: ${err.message}` });
      }
    }
    if (laCode && laReference) {
      const workflowId = requestWorkflowId(laCode, laReference);
      const first = seen.get(workflowId);
      if (first) rowErrors.push({ row: rowNumber, column: 'la_reference', message: `la_reference repeats row ${first} (the same LA and reference is one request)` });
      else seen.set(workflowId, rowNumber);
    }

    if (rowErrors.length) { errors.push(...rowErrors); continue; }
    rows.push({
      row: rowNumber, workflowId: requestWorkflowId(laCode!, laReference!), laCode: laCode!, laReference: laReference!, givenName: givenName!,
      familyName: familyName!, dateOfBirth: dateOfBirth!, receivedAt: receivedAt!, respondedAt: respondedAt!, outcome: outcome!,
      services: services!, exception: exception ?? null, deadline: deadline!,
    });
  }
  return { count: records.length - 1, rows, errors };
}
