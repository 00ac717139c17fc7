import {
  addCalendarDays,
  addWorkingDays,
  bankHolidaysBetween,
  CalendarError,
  defaultHolidayCalendar as cal,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
} from './index';

describe('isWorkingDay', () => {
  it.each([
    ['2026-04-02', true], // Thursday before Easter
    ['2026-04-03', false], // Good Friday
    ['2026-04-04', false], // Saturday
    ['2026-04-05', false], // Sunday
    ['2026-04-06', false], // Easter Monday
    ['2026-04-07', true],
    ['2026-12-25', false],
    ['2026-12-26', false], // Saturday (Boxing Day itself; substitute is Monday)
    ['2026-12-28', false], // Boxing Day substitute
    ['2026-12-29', true],
  ])('%s -> %s', (d, expected) => {
    expect(isWorkingDay(d, cal)).toBe(expected);
  });

  it('throws for a weekend in an uncovered year too, so a missing year is never half-used', () => {
    expect(() => isWorkingDay('2029-01-06', cal)).toThrow(expect.objectContaining({ code: 'year_not_covered' }));
  });
});

describe('addWorkingDays', () => {
  it('adds across a plain weekend', () => {
    expect(addWorkingDays('2026-06-05', 1, cal)).toBe('2026-06-08'); // Fri -> Mon
    expect(addWorkingDays('2026-06-01', 5, cal)).toBe('2026-06-08');
  });

  it('skips the Good Friday + Easter Monday chain', () => {
    expect(addWorkingDays('2026-04-02', 1, cal)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-01', 3, cal)).toBe('2026-04-08');
  });

  it('skips Christmas 2026 with the Boxing Day substitute', () => {
    expect(addWorkingDays('2026-12-24', 1, cal)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-23', 3, cal)).toBe('2026-12-30');
    // Over New Year 2027 (Friday 1 January).
    expect(addWorkingDays('2026-12-24', 5, cal)).toBe('2027-01-05');
  });

  it('skips the 2027 double substitute (Christmas Mon 27, Boxing Tue 28)', () => {
    expect(addWorkingDays('2027-12-24', 1, cal)).toBe('2027-12-29');
  });

  it('adding 0 returns the same day, even a non-working one', () => {
    expect(addWorkingDays('2026-04-03', 0, cal)).toBe('2026-04-03');
    expect(addWorkingDays('2026-04-04', 0, cal)).toBe('2026-04-04');
    expect(addWorkingDays('2026-04-07', 0, cal)).toBe('2026-04-07');
  });

  it('n > 0 from a non-working day counts the next working day as day 1', () => {
    expect(addWorkingDays('2026-04-03', 1, cal)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-04', 2, cal)).toBe('2026-04-08');
  });

  it('always lands on a working day for n > 0 (every start in 2026, n = 1..15)', () => {
    for (let start = '2026-01-01'; start <= '2026-12-31'; start = addCalendarDays(start, 1)) {
      for (let n = 1; n <= 15; n++) {
        const result = addWorkingDays(start, n, cal);
        expect(isWorkingDay(result, cal)).toBe(true);
        expect(workingDaysBetween(start, result, cal)).toBe(n);
        expect(workingDaysBetween(start, addCalendarDays(result, -1), cal)).toBe(n - 1);
      }
    }
  });

  it.each([-1, 1.5, NaN, '3'])('rejects n = %p', (n) => {
    expect(() => addWorkingDays('2026-04-01', n as number, cal)).toThrow(CalendarError);
    expect(() => addWorkingDays('2026-04-01', n as number, cal)).toThrow(/^n must be/);
  });

  it('rejects an invalid start date', () => {
    expect(() => addWorkingDays('2026-04-31', 1, cal)).toThrow(/date must be a real calendar date/);
  });

  it('throws when the count runs into an uncovered year', () => {
    expect(() => addWorkingDays('2028-12-28', 5, cal)).toThrow(/No england-and-wales bank holiday data for 2029/);
  });
});

describe('workingDaysBetween / nextWorkingDay / bankHolidaysBetween', () => {
  it('counts the half-open range (a, b]', () => {
    expect(workingDaysBetween('2026-04-01', '2026-04-01', cal)).toBe(0);
    expect(workingDaysBetween('2026-04-01', '2026-04-07', cal)).toBe(2); // Thu 2, Tue 7
    expect(workingDaysBetween('2026-04-07', '2026-04-01', cal)).toBe(-2);
    expect(workingDaysBetween('2026-12-24', '2027-01-04', cal)).toBe(4); // 29, 30, 31, 4
  });

  it('nextWorkingDay is strictly after', () => {
    expect(nextWorkingDay('2026-04-02', cal)).toBe('2026-04-07');
    expect(nextWorkingDay('2026-04-07', cal)).toBe('2026-04-08');
  });

  it('lists bank holidays in (a, b]', () => {
    expect(bankHolidaysBetween('2026-04-03', '2026-04-30', cal).map((h) => h.title)).toEqual(['Easter Monday']);
    expect(bankHolidaysBetween('2026-04-02', '2026-04-06', cal)).toHaveLength(2);
  });
});
