import { assertInteger } from './local-date.util';
import { addCalendarDays, dayOfWeek, type LocalDate } from './local-date.util';
import type { HolidayEvent } from './holiday-data.model';

/**
 * The usual England and Wales rules, for PROJECTING years GOV.UK has not published yet and for
 * cross-checking the shipped data. Not used to answer isBankHoliday: one-off changes (a moved
 * Early May holiday, a coronation, a state funeral) only exist in the published data, which is
 * why a calendar refuses years it has no data for instead of falling back to these rules.
 */

/** Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  assertInteger(year, 'year', { min: 1583 });
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function firstMonday(year: number, month: number): LocalDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addCalendarDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): LocalDate {
  const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = addCalendarDays(nextFirst, -1);
  return addCalendarDays(last, -((dayOfWeek(last) + 6) % 7));
}

const SUBSTITUTE = 'Substitute day';

/** The eight regular England and Wales bank holidays for `year`, with GOV.UK's titles and substitute days. */
export function projectEnglandAndWalesBankHolidays(year: number): HolidayEvent[] {
  assertInteger(year, 'year', { min: 1583 });
  const events: HolidayEvent[] = [];

  const newYear = `${year}-01-01`;
  const nyDow = dayOfWeek(newYear);
  if (nyDow === 6 || nyDow === 0) {
    events.push({ date: addCalendarDays(newYear, nyDow === 6 ? 2 : 1), title: 'New Year’s Day', notes: SUBSTITUTE });
  } else {
    events.push({ date: newYear, title: 'New Year’s Day' });
  }

  const easter = easterSunday(year);
  events.push({ date: addCalendarDays(easter, -2), title: 'Good Friday' });
  events.push({ date: addCalendarDays(easter, 1), title: 'Easter Monday' });
  events.push({ date: firstMonday(year, 5), title: 'Early May bank holiday' });
  events.push({ date: lastMonday(year, 5), title: 'Spring bank holiday' });
  events.push({ date: lastMonday(year, 8), title: 'Summer bank holiday' });

  // Christmas and Boxing Day: a day that falls at a weekend moves to the next free weekday.
  const christmas = `${year}-12-25`;
  switch (dayOfWeek(christmas)) {
    case 5: // Fri: Boxing Day is Saturday -> Monday 28th
      events.push({ date: christmas, title: 'Christmas Day' });
      events.push({ date: `${year}-12-28`, title: 'Boxing Day', notes: SUBSTITUTE });
      break;
    case 6: // Sat: both move, Christmas to Monday 27th, Boxing Day to Tuesday 28th
      events.push({ date: `${year}-12-27`, title: 'Christmas Day', notes: SUBSTITUTE });
      events.push({ date: `${year}-12-28`, title: 'Boxing Day', notes: SUBSTITUTE });
      break;
    case 0: // Sun: Boxing Day Monday 26th stays, Christmas moves to Tuesday 27th
      events.push({ date: `${year}-12-26`, title: 'Boxing Day' });
      events.push({ date: `${year}-12-27`, title: 'Christmas Day', notes: SUBSTITUTE });
      break;
    default:
      events.push({ date: christmas, title: 'Christmas Day' });
      events.push({ date: `${year}-12-26`, title: 'Boxing Day' });
  }
  return events;
}
