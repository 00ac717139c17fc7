import {
  addCalendarDays,
  CalendarError,
  compareLocalDates,
  dayOfWeek,
  daysBetween,
  epochDayToLocalDate,
  formatLongDate,
  isLocalDate,
  isWeekend,
  localDateToEpochDay,
  parseLocalDate,
} from './index';

describe('parseLocalDate / isLocalDate', () => {
  it.each(['2026-04-03', '2024-02-29', '2000-02-29', '1999-12-31', '2026-12-31'])('accepts %s', (d) => {
    expect(parseLocalDate(d)).toBe(d);
    expect(isLocalDate(d)).toBe(true);
  });

  it.each([
    '2026-02-29', // not a leap year
    '1900-02-29', // century, not leap
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-4-3',
    '26-04-03',
    '2026/04/03',
    '2026-04-03T00:00:00Z',
    ' 2026-04-03',
    '',
  ])('rejects %j with a CalendarError naming the field', (d) => {
    expect(isLocalDate(d)).toBe(false);
    expect(() => parseLocalDate(d, 'pauses[0].from')).toThrow(CalendarError);
    expect(() => parseLocalDate(d, 'pauses[0].from')).toThrow(/pauses\[0\]\.from/);
  });

  it.each([null, undefined, 20260403, {}, []])('rejects non-strings (%p)', (v) => {
    expect(() => parseLocalDate(v)).toThrow(expect.objectContaining({ code: 'invalid_date', field: 'date' }));
  });
});

describe('epoch day arithmetic', () => {
  it('round-trips every day from 1999 to 2031 and matches Date.UTC', () => {
    for (let day = localDateToEpochDay('1999-01-01'); day <= localDateToEpochDay('2031-12-31'); day++) {
      const date = epochDayToLocalDate(day);
      expect(localDateToEpochDay(date)).toBe(day);
      expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(date);
    }
  });

  it('addCalendarDays crosses months, years and leap days, both directions', () => {
    expect(addCalendarDays('2026-04-01', 42)).toBe('2026-05-13');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-04-03', 0)).toBe('2026-04-03');
  });

  it('addCalendarDays is unaffected by the DST change days', () => {
    expect(addCalendarDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addCalendarDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('rejects a non-integer day count', () => {
    expect(() => addCalendarDays('2026-04-01', 1.5)).toThrow(/n must be an integer/);
    expect(() => addCalendarDays('2026-04-01', NaN)).toThrow(CalendarError);
  });

  it('daysBetween is signed and inverse of addCalendarDays', () => {
    expect(daysBetween('2026-04-01', '2026-05-13')).toBe(42);
    expect(daysBetween('2026-05-13', '2026-04-01')).toBe(-42);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(() => daysBetween('2026-04-01', 'nope')).toThrow(/^b must be/);
  });

  it('compareLocalDates orders dates', () => {
    expect(compareLocalDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareLocalDates('2026-01-02', '2026-01-01')).toBe(1);
    expect(compareLocalDates('2026-01-02', '2026-01-02')).toBe(0);
  });
});

describe('weekdays', () => {
  it('knows the day of the week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-04-03')).toBe(5); // Good Friday
    expect(dayOfWeek('1969-12-28')).toBe(0);
  });

  it.each([
    ['2026-04-04', true],
    ['2026-04-05', true],
    ['2026-04-03', false],
    ['2026-04-06', false],
  ])('isWeekend(%s) = %s', (d, expected) => {
    expect(isWeekend(d)).toBe(expected);
  });

  it('formats GOV.UK style long dates', () => {
    expect(formatLongDate('2026-04-03')).toBe('Friday 3 April 2026');
    expect(formatLongDate('2026-12-28')).toBe('Monday 28 December 2026');
  });
});
