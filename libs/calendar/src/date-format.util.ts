import { dayOfWeek, localDateFields, type LocalDate } from './local-date.util';

/*
 * Hand-rolled English formatting rather than Intl: the explanation text is stored as evidence,
 * so it must not change with the host's ICU version or locale data.
 */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function weekdayName(date: LocalDate): string {
  return WEEKDAYS[dayOfWeek(date)];
}

/** "Friday 3 April 2026" (GOV.UK style). */
export function formatLongDate(date: LocalDate): string {
  const { year, month, day } = localDateFields(date);
  return `${weekdayName(date)} ${day} ${MONTHS[month - 1]} ${year}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
