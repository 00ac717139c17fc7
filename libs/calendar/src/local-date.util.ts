import { CalendarError, describeValue } from './calendar-error';

/**
 * A civil date, `YYYY-MM-DD`, with no time or zone. Kept as a plain string so it travels
 * unchanged through JSON, Temporal payloads and SQL `date` columns, and sorts correctly as text.
 */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateFields {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

function fieldsOf(value: unknown): DateFields | undefined {
  if (typeof value !== 'string') return undefined;
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar date written exactly `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isLocalDate(value: unknown): value is LocalDate {
  return fieldsOf(value) !== undefined;
}

/** Validates and returns the date; `field` names the input in the error so forms can point at it. */
export function parseLocalDate(value: unknown, field = 'date'): LocalDate {
  if (!isLocalDate(value)) {
    throw new CalendarError(
      'invalid_date',
      field,
      `${field} must be a real calendar date written YYYY-MM-DD; got ${describeValue(value)}`,
    );
  }
  return value;
}

export function localDateFields(date: LocalDate, field = 'date'): DateFields {
  // One parse (parseLocalDate then fieldsOf was two): every day sum in a deadline comes here.
  return fieldsOf(date) ?? fieldsOf(parseLocalDate(date, field)) as DateFields;
}

/*
 * Day arithmetic is done on "epoch days" with Howard Hinnant's civil-date algorithms: pure
 * integer maths, so no Date object, host time zone or DST can ever shift a date by one.
 */
export function localDateToEpochDay(date: LocalDate, field = 'date'): number {
  const { year, month, day } = localDateFields(date, field);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function epochDayToLocalDate(epochDay: number): LocalDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new CalendarError('invalid_input', 'epochDay', `epochDay must be an integer; got ${describeValue(epochDay)}`);
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    throw new CalendarError('invalid_date', 'date', `date out of range (year ${year}); only years 0000-9999 are supported`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function assertInteger(value: unknown, field: string, { min }: { min?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (min !== undefined && value < min)) {
    const wanted = min === undefined ? 'an integer' : min === 0 ? 'a whole number >= 0' : `an integer >= ${min}`;
    throw new CalendarError('invalid_input', field, `${field} must be ${wanted}; got ${describeValue(value)}`);
  }
  return value;
}

/** `n` may be negative. */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  assertInteger(n, 'n');
  return epochDayToLocalDate(localDateToEpochDay(date) + n);
}

/** Signed number of calendar days from `a` to `b`: daysBetween('2026-04-01', '2026-05-13') === 42. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return localDateToEpochDay(b, 'b') - localDateToEpochDay(a, 'a');
}

/** 0 = Sunday ... 6 = Saturday, matching Date#getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  // Epoch day 0 (1970-01-01) was a Thursday.
  return (((localDateToEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: LocalDate): number {
  return localDateFields(date).year;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(daysBetween(b, a));
}
