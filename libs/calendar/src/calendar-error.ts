/**
 * Every failure in this library is a CalendarError so callers (API validation, workflow code)
 * can tell "bad input / missing data" apart from programming errors, and can show `field`
 * next to the offending form input.
 */
export type CalendarErrorCode =
  | 'invalid_date'
  | 'invalid_instant'
  | 'invalid_time'
  | 'invalid_time_zone'
  | 'invalid_input'
  | 'invalid_holiday_data'
  | 'year_not_covered';

export class CalendarError extends Error {
  readonly code: CalendarErrorCode;
  /** Path of the offending input, e.g. `pauses[1].evidence`; also named in the message. */
  readonly field: string | undefined;

  constructor(code: CalendarErrorCode, field: string | undefined, message: string) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
    this.field = field;
    // Keeps `instanceof` working if this is ever compiled down to ES5 by a consumer.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Short, safe rendering of a bad value for error messages (never dumps whole objects). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
