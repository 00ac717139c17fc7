import { CalendarError, describeValue } from './calendar-error';
import { assertInteger, daysBetween, parseLocalDate, type LocalDate } from './local-date.util';
import { parseInstant } from './time-zone.util';

/**
 * The only three exceptions to the 6-week duty (reg 8(2)). Anything else — a waiting list, school
 * holidays (CoP 9.42) — is deliberately not representable, so it cannot move a statutory date.
 */
export const STATUTORY_EXCEPTION_KINDS = [
  'exceptional_personal_circumstances',
  'away_from_area_4_weeks',
  'missed_appointment',
] as const;
export type StatutoryExceptionKind = (typeof STATUTORY_EXCEPTION_KINDS)[number];

export const STATUTORY_EXCEPTIONS: Readonly<Record<StatutoryExceptionKind, { ref: string; label: string }>> = {
  exceptional_personal_circumstances: {
    ref: 'SEND Regulations 2014 reg 8(2)(a)',
    label: 'exceptional personal circumstances affecting the child, parent or young person',
  },
  away_from_area_4_weeks: {
    ref: 'SEND Regulations 2014 reg 8(2)(b)',
    label: "the child, parent or young person away from the local authority's area for a continuous 4 weeks or more",
  },
  missed_appointment: {
    ref: 'SEND Regulations 2014 reg 8(2)(c)',
    label: 'the child or young person missed an appointment for an examination or test',
  },
};

/** reg 8(2)(b): "a continuous period of not less than 4 weeks". */
export const AWAY_FROM_AREA_MIN_DAYS = 28;

export interface RecordedException {
  id: string;
  kind: StatutoryExceptionKind;
  /** Dates and reason; required because the exception must be evidenced. */
  evidence: string;
  recordedBy: string;
  /** ISO instant the exception was recorded. */
  recordedAt: string;
}

/** Stops the clock for the days from `from` to `to` inclusive that fall inside the 6-week window. */
export interface StatutoryPause extends RecordedException {
  from: LocalDate;
  to: LocalDate;
}

/** Adds a fixed number of calendar days to the deadline. */
export interface StatutoryExtension extends RecordedException {
  days: number;
}

function requireText(obj: Record<string, unknown>, key: string, path: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CalendarError('invalid_input', `${path}.${key}`, `${path}.${key} must not be empty; got ${describeValue(value)}`);
  }
  return value;
}

function validateRecorded(raw: unknown, path: string): RecordedException & Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CalendarError('invalid_input', path, `${path} must be an object; got ${describeValue(raw)}`);
  }
  const r = raw as Record<string, unknown>;
  const id = requireText(r, 'id', path);
  if (!STATUTORY_EXCEPTION_KINDS.includes(r.kind as StatutoryExceptionKind)) {
    throw new CalendarError(
      'invalid_input',
      `${path}.kind`,
      `${path}.kind must be one of ${STATUTORY_EXCEPTION_KINDS.join(', ')} (the reg 8(2) exceptions); got ${describeValue(r.kind)}`,
    );
  }
  const evidence = requireText(r, 'evidence', path);
  const recordedBy = requireText(r, 'recordedBy', path);
  requireText(r, 'recordedAt', path);
  parseInstant(r.recordedAt, `${path}.recordedAt`);
  return { ...r, id, kind: r.kind as StatutoryExceptionKind, evidence, recordedBy, recordedAt: r.recordedAt as string };
}

function validateList<T>(raw: unknown, path: string, one: (item: unknown, at: string) => T): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new CalendarError('invalid_input', path, `${path} must be an array; got ${describeValue(raw)}`);
  return raw.map((item, i) => one(item, `${path}[${i}]`));
}

export function validatePauses(raw: unknown, path = 'pauses'): StatutoryPause[] {
  return validateList(raw, path, (item, at) => {
    const r = validateRecorded(item, at);
    const from = parseLocalDate(r.from, `${at}.from`);
    const to = parseLocalDate(r.to, `${at}.to`);
    const length = daysBetween(from, to) + 1;
    if (length < 1) {
      throw new CalendarError('invalid_input', `${at}.to`, `${at}.to (${to}) must not be before ${at}.from (${from})`);
    }
    if (r.kind === 'away_from_area_4_weeks' && length < AWAY_FROM_AREA_MIN_DAYS) {
      throw new CalendarError(
        'invalid_input',
        `${at}.to`,
        `${at}.to: an away_from_area_4_weeks pause needs a continuous absence of at least ${AWAY_FROM_AREA_MIN_DAYS} days ` +
          `(reg 8(2)(b)); ${from} to ${to} is ${length} days`,
      );
    }
    return { id: r.id, kind: r.kind, from, to, evidence: r.evidence, recordedBy: r.recordedBy, recordedAt: r.recordedAt };
  });
}

export function validateExtensions(raw: unknown, path = 'extensions'): StatutoryExtension[] {
  return validateList(raw, path, (item, at) => {
    const r = validateRecorded(item, at);
    const days = assertInteger(r.days, `${at}.days`, { min: 1 });
    return { id: r.id, kind: r.kind, days, evidence: r.evidence, recordedBy: r.recordedBy, recordedAt: r.recordedAt };
  });
}

/** Ids must be unique across pauses and extensions: explanations and audit entries refer to them. */
export function assertUniqueIds(pauses: readonly RecordedException[], extensions: readonly RecordedException[]): void {
  const seen = new Map<string, string>();
  const check = (list: readonly RecordedException[], path: string) =>
    list.forEach((r, i) => {
      const previous = seen.get(r.id);
      if (previous) {
        throw new CalendarError('invalid_input', `${path}[${i}].id`, `${path}[${i}].id "${r.id}" is already used by ${previous}`);
      }
      seen.set(r.id, `${path}[${i}]`);
    });
  check(pauses, 'pauses');
  check(extensions, 'extensions');
}
