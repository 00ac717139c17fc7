import { CalendarError, describeValue } from './calendar-error';
import { isLocalDate, localDateToEpochDay, parseLocalDate, type LocalDate } from './local-date.util';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/*
 * Instants are parsed by hand rather than with Date.parse: Date.parse accepts offset-less strings
 * and reads them in the host zone, which would make a deadline depend on the server it ran on.
 * An explicit `Z` or `±hh:mm` is required. Fractions beyond milliseconds are truncated.
 */
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an ISO 8601 instant with an explicit offset. */
export function parseInstant(value: unknown, field = 'instant'): number {
  const bad = () =>
    new CalendarError(
      'invalid_instant',
      field,
      `${field} must be an ISO 8601 instant with a Z or ±hh:mm offset, e.g. 2026-04-03T13:10:00Z; got ${describeValue(value)}`,
    );
  if (typeof value !== 'string') throw bad();
  const m = INSTANT_RE.exec(value);
  if (!m || !isLocalDate(m[1])) throw bad();
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const offsetHours = Number(m[8] ?? 0);
  const offsetMinutes = Number(m[9] ?? 0);
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) throw bad();
  const millis = Number((m[5] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMs = (m[7] === '-' ? -1 : 1) * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
  return (
    localDateToEpochDay(m[1]) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis - offsetMs
  );
}

export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Cached per zone: building a DateTimeFormat is costly and the result is pure for a given zone. */
function formatterFor(timeZone: unknown, field: string): Intl.DateTimeFormat {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new CalendarError('invalid_time_zone', field, `${field} must be an IANA time zone such as Europe/London; got ${describeValue(timeZone)}`);
  }
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new CalendarError('invalid_time_zone', field, `${field} is not a time zone this runtime knows: ${describeValue(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  /** Local civil date in the zone. */
  date: LocalDate;
  /** Local wall-clock time, `HH:mm`. */
  time: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  timeZone: string;
  /** Offset from UTC in minutes at that instant (60 during BST, 0 during GMT). */
  offsetMinutes: number;
}

function partsAt(epochMs: number, timeZone: string, field: string): ZonedParts {
  const raw: Record<string, string> = {};
  for (const p of formatterFor(timeZone, field).formatToParts(new Date(epochMs))) raw[p.type] = p.value;
  const date = `${raw.year.padStart(4, '0')}-${raw.month}-${raw.day}`;
  // Some ICU builds still print midnight as "24" even with h23; normalise defensively.
  const hour = Number(raw.hour) % 24;
  const minute = Number(raw.minute);
  const second = Number(raw.second);
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  const wallMs =
    localDateToEpochDay(date) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millisecond;
  return {
    date,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    hour,
    minute,
    second,
    millisecond,
    timeZone,
    offsetMinutes: Math.round((wallMs - epochMs) / MS_PER_MINUTE),
  };
}

/** Local date and wall-clock time of an instant in `timeZone`. */
export function toZonedParts(instantIso: string, timeZone: string): ZonedParts {
  return partsAt(parseInstant(instantIso, 'instant'), timeZone, 'timeZone');
}

/** Day starts already worked out, per zone and date (cleared when full). */
const DAY_STARTS_MAX = 1024;
const dayStarts = new Map<string, string>();

/**
 * The UTC instant at which `date` begins in `timeZone` (e.g. 2026-06-01 in Europe/London ->
 * 2026-05-31T23:00:00.000Z). Used for "late from" moments, so it must be exact across DST.
 */
export function startOfLocalDayInstant(date: LocalDate, timeZone: string): string {
  // Pure for a (date, zone) with the runtime's time-zone data, and up to six formatToParts calls
  // (ICU, the costly part of an intake's deadline): remembered, a bounded number at a time.
  const key = `${timeZone}\u0000${date}`;
  let instant = dayStarts.get(key);
  if (instant === undefined) {
    instant = computeStartOfLocalDayInstant(date, timeZone);
    if (dayStarts.size >= DAY_STARTS_MAX) dayStarts.clear();
    dayStarts.set(key, instant);
  }
  return instant;
}

function computeStartOfLocalDayInstant(date: LocalDate, timeZone: string): string {
  const wall = localDateToEpochDay(parseLocalDate(date)) * MS_PER_DAY;
  formatterFor(timeZone, 'timeZone');
  // Try the offsets in force around that day; one of them puts local midnight at `wall`.
  const candidates = [wall - MS_PER_DAY, wall, wall + MS_PER_DAY]
    .map((t) => wall - partsAt(t, timeZone, 'timeZone').offsetMinutes * MS_PER_MINUTE)
    .filter((t) => {
      const p = partsAt(t, timeZone, 'timeZone');
      return p.date === date && p.hour === 0 && p.minute === 0 && p.second === 0;
    });
  if (candidates.length > 0) return formatInstant(Math.min(...candidates));

  // Midnight itself was skipped by a DST jump (some zones change at 00:00): the day starts at
  // the first instant whose local date is `date`. Offsets are within ±14h, so this brackets it.
  let lo = wall - 26 * MS_PER_HOUR;
  let hi = wall + 13 * MS_PER_HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (partsAt(mid, timeZone, 'timeZone').date >= date) hi = mid;
    else lo = mid;
  }
  return formatInstant(hi);
}

/**
 * The UTC instant of a wall-clock time `HH:mm` on `date` in `timeZone` (spreadsheets record
 * "2024-03-05 16:40" in local time). A time the clocks skip (spring forward) is refused; a time
 * that happens twice (autumn) is its first occurrence, which is the earlier, stricter reading.
 */
export function localDateTimeToInstant(date: LocalDate, time: string, timeZone: string, field = 'dateTime'): string {
  parseLocalDate(date, field);
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    throw new CalendarError('invalid_instant', field, `${field} must have a time HH:mm; got ${describeValue(time)}`);
  }
  const wall = localDateToEpochDay(date) * MS_PER_DAY + Number(m[1]) * MS_PER_HOUR + Number(m[2]) * MS_PER_MINUTE;
  formatterFor(timeZone, field);
  const offsets = new Set([wall - MS_PER_DAY, wall, wall + MS_PER_DAY].map((t) => partsAt(t, timeZone, field).offsetMinutes));
  const matches = [...offsets]
    .map((off) => wall - off * MS_PER_MINUTE)
    .filter((t) => {
      const p = partsAt(t, timeZone, field);
      return p.date === date && p.time === time;
    });
  if (matches.length === 0) {
    throw new CalendarError('invalid_instant', field, `${field}: ${date} ${time} does not exist in ${timeZone} (the clocks went forward)`);
  }
  return formatInstant(Math.min(...matches));
}
