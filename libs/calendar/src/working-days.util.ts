import type { HolidayCalendar } from './bank-holidays';
import type { HolidayEvent } from './holiday-data.model';
import {
  addCalendarDays,
  assertInteger,
  daysBetween,
  isWeekend,
  parseLocalDate,
  type LocalDate,
} from './local-date.util';

/*
 * A working day is Monday to Friday and not an England and Wales bank holiday. These are for the
 * trust's own SOP targets only: the statutory 6-week clock counts calendar days.
 */

/** Always consults the calendar (even for a weekend), so a date in an uncovered year fails loudly. */
export function isWorkingDay(date: LocalDate, cal: HolidayCalendar): boolean {
  parseLocalDate(date);
  const holiday = cal.isBankHoliday(date);
  return !holiday && !isWeekend(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: LocalDate, cal: HolidayCalendar): LocalDate {
  let d = addCalendarDays(date, 1);
  while (!isWorkingDay(d, cal)) d = addCalendarDays(d, 1);
  return d;
}

/**
 * `n` working days after `date`. n = 0 returns `date` unchanged, even when it is not a working
 * day (a zero-day target is "today"); for n > 0 the result is always a working day.
 */
export function addWorkingDays(date: LocalDate, n: number, cal: HolidayCalendar): LocalDate {
  parseLocalDate(date);
  assertInteger(n, 'n', { min: 0 });
  let d = date;
  for (let left = n; left > 0; left--) d = nextWorkingDay(d, cal);
  return d;
}

/**
 * Working days in the half-open range (a, b]; negative when b is before a. The inverse of
 * addWorkingDays: workingDaysBetween(a, addWorkingDays(a, n)) === n for every n >= 0.
 */
export function workingDaysBetween(a: LocalDate, b: LocalDate, cal: HolidayCalendar): number {
  const span = daysBetween(a, b);
  if (span < 0) return -workingDaysBetween(b, a, cal);
  let count = 0;
  for (let i = 1; i <= span; i++) if (isWorkingDay(addCalendarDays(a, i), cal)) count++;
  return count;
}

/** Bank holidays in (a, b], so explanations can say which holidays a count skipped. */
export function bankHolidaysBetween(a: LocalDate, b: LocalDate, cal: HolidayCalendar): HolidayEvent[] {
  const found: HolidayEvent[] = [];
  const span = daysBetween(a, b);
  for (let i = 1; i <= span; i++) {
    const holiday = cal.holidayOn(addCalendarDays(a, i));
    if (holiday) found.push(holiday);
  }
  return found;
}
