import { CalendarError, describeValue } from './calendar-error';
import type { HolidayData, HolidayEvent } from './holiday-data.model';
import { isLocalDate, yearOf, type LocalDate, parseLocalDate } from './local-date.util';
import englandAndWalesData from './data/england-and-wales-bank-holidays.json';

/**
 * A validated, immutable set of bank holidays. Deadlines are computed inside long-running
 * workflows, so the calendar carries its `version` and every explanation quotes it: a date
 * computed last year can be reproduced and explained even after the data file changes.
 */
export interface HolidayCalendar {
  readonly division: string;
  readonly version: LocalDate;
  readonly source: string;
  /** Years the data covers, ascending. Asking about any other year throws. */
  readonly coveredYears: readonly number[];
  readonly projectedYears: readonly number[];
  readonly events: readonly HolidayEvent[];
  covers(date: LocalDate): boolean;
  /** Throws CalendarError `year_not_covered` for a year with no data, rather than guessing "no". */
  isBankHoliday(date: LocalDate): boolean;
  /** The holiday on `date`, if any; throws like isBankHoliday for an uncovered year. */
  holidayOn(date: LocalDate): HolidayEvent | undefined;
}

function invalid(field: string, message: string): CalendarError {
  return new CalendarError('invalid_holiday_data', field, `${field} ${message}`);
}

function requireString(obj: Record<string, unknown>, key: string, path: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${path}.${key}`, `must be a non-empty string; got ${describeValue(value)}`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the JSON shape (it may come from a trust's own file or a database) and returns a
 * normalised copy: events sorted, duplicates rejected, projected years confined to covered ones.
 */
export function validateHolidayData(data: unknown, path = 'data'): HolidayData {
  if (!isRecord(data)) throw invalid(path, `must be an object; got ${describeValue(data)}`);
  const division = requireString(data, 'division', path);
  const source = requireString(data, 'source', path);
  if (!isLocalDate(data.version)) {
    throw invalid(`${path}.version`, `must be the date of the data, YYYY-MM-DD; got ${describeValue(data.version)}`);
  }
  const version = data.version;
  if (!Array.isArray(data.events) || data.events.length === 0) {
    throw invalid(`${path}.events`, 'must be a non-empty array');
  }
  const seen = new Set<string>();
  const events: HolidayEvent[] = data.events.map((raw: unknown, i: number) => {
    const at = `${path}.events[${i}]`;
    if (!isRecord(raw)) throw invalid(at, `must be an object; got ${describeValue(raw)}`);
    if (!isLocalDate(raw.date)) throw invalid(`${at}.date`, `must be YYYY-MM-DD; got ${describeValue(raw.date)}`);
    if (seen.has(raw.date)) throw invalid(`${at}.date`, `duplicates another event on ${raw.date}`);
    seen.add(raw.date);
    const title = requireString(raw, 'title', at);
    if (raw.notes !== undefined && typeof raw.notes !== 'string') {
      throw invalid(`${at}.notes`, `must be a string when present; got ${describeValue(raw.notes)}`);
    }
    return raw.notes ? { date: raw.date, title, notes: raw.notes } : { date: raw.date, title };
  });
  events.sort((a, b) => (a.date < b.date ? -1 : 1));

  const covered = new Set(events.map((e) => yearOf(e.date)));
  let projectedYears: number[] = [];
  if (data.projectedYears !== undefined) {
    if (!Array.isArray(data.projectedYears)) throw invalid(`${path}.projectedYears`, 'must be an array of years');
    projectedYears = data.projectedYears.map((y: unknown, i: number) => {
      if (typeof y !== 'number' || !covered.has(y)) {
        throw invalid(`${path}.projectedYears[${i}]`, `must be a year that has events; got ${describeValue(y)}`);
      }
      return y;
    });
    projectedYears = [...new Set(projectedYears)].sort((a, b) => a - b);
  }
  return { division, version, source, projectedYears, events };
}

export function createHolidayCalendar(data: unknown): HolidayCalendar {
  const valid = validateHolidayData(data);
  const byDate = new Map(valid.events.map((e) => [e.date, Object.freeze({ ...e })]));
  const coveredYears = Object.freeze([...new Set(valid.events.map((e) => yearOf(e.date)))].sort((a, b) => a - b));
  const coveredSet = new Set(coveredYears);

  const calendar: HolidayCalendar = {
    division: valid.division,
    version: valid.version,
    source: valid.source,
    coveredYears,
    projectedYears: Object.freeze([...(valid.projectedYears ?? [])]),
    events: Object.freeze([...byDate.values()]),
    covers: (date) => coveredSet.has(yearOf(date)),
    holidayOn(date) {
      const year = yearOf(parseLocalDate(date));
      if (!coveredSet.has(year)) {
        throw new CalendarError(
          'year_not_covered',
          'date',
          `No ${valid.division} bank holiday data for ${year} (asked about ${date}); calendar version ` +
            `${valid.version} covers ${coveredYears.join(', ')}. Add the year with mergeHolidayData ` +
            `(see libs/calendar/README.md) rather than computing without it.`,
        );
      }
      return byDate.get(date);
    },
    isBankHoliday: (date) => calendar.holidayOn(date) !== undefined,
  };
  return Object.freeze(calendar);
}

/**
 * Adds or replaces whole years: for every year present in `extra`, its events replace the
 * base's events for that year. Whole-year replacement (not a union) is what lets a trust correct
 * a projected year when GOV.UK publishes a moved or extra holiday.
 */
export function mergeHolidayData(base: HolidayData, extra: HolidayData): HolidayData {
  const b = validateHolidayData(base, 'base');
  const x = validateHolidayData(extra, 'extra');
  if (b.division !== x.division) {
    throw invalid('extra.division', `must match base division "${b.division}"; got "${x.division}"`);
  }
  const replacedYears = new Set(x.events.map((e) => yearOf(e.date)));
  const events = [...b.events.filter((e) => !replacedYears.has(yearOf(e.date))), ...x.events].sort((p, q) =>
    p.date < q.date ? -1 : 1,
  );
  const projectedYears = [
    ...(b.projectedYears ?? []).filter((y) => !replacedYears.has(y)),
    ...(x.projectedYears ?? []),
  ].sort((p, q) => p - q);
  return {
    division: b.division,
    // The newest contribution dates the merged data; sources are kept so provenance is not lost.
    version: b.version > x.version ? b.version : x.version,
    source: b.source === x.source ? b.source : `${b.source} + ${x.source}`,
    projectedYears,
    events,
  };
}

/** England and Wales bank holidays shipped with the library (GOV.UK data; later years projected). */
export const defaultHolidayCalendar: HolidayCalendar = createHolidayCalendar(englandAndWalesData);
