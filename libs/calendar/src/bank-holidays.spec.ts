import data from './data/england-and-wales-bank-holidays.json';
import {
  CalendarError,
  createHolidayCalendar,
  dayOfWeek,
  defaultHolidayCalendar,
  easterSunday,
  mergeHolidayData,
  projectEnglandAndWalesBankHolidays,
  validateHolidayData,
  type HolidayData,
} from './index';

const cal = defaultHolidayCalendar;

describe('shipped England and Wales data file', () => {
  it('has the documented header', () => {
    expect(data.division).toBe('england-and-wales');
    expect(data.source).toBe('https://www.gov.uk/bank-holidays.json');
    expect(data.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.projectedYears).toEqual([2027, 2028]);
  });

  it('is sorted, unique and all on weekdays', () => {
    const dates = data.events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(d));
  });

  it('has non-empty titles and only "Substitute day" notes', () => {
    for (const e of data.events as { title: string; notes?: string }[]) {
      expect(e.title.trim()).not.toBe('');
      if (e.notes !== undefined) expect(e.notes).toBe('Substitute day');
    }
  });

  // Years with one-off extra holidays (e.g. 2022 state funeral, 2023 coronation) would be listed here.
  // 2022: Platinum Jubilee and the State Funeral; 2023: the coronation (historical years, for imported history).
  const extraHolidays: Record<number, number> = { 2022: 2, 2023: 1 };
  it.each([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028])('has 8 holidays (plus any one-offs) in %i', (year) => {
    const count = data.events.filter((e) => e.date.startsWith(`${year}-`)).length;
    expect(count).toBe(8 + (extraHolidays[year] ?? 0));
  });

  it.each([2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028])('matches the usual rules for %i (no one-off changes in range)', (year) => {
    const shipped = data.events.filter((e) => e.date.startsWith(`${year}-`));
    expect(shipped).toEqual(projectEnglandAndWalesBankHolidays(year));
  });

  it('has the one-off changes of 2020, 2022 and 2023 as GOV.UK published them', () => {
    const dates = (y: number) => data.events.filter((e) => e.date.startsWith(`${y}-`)).map((e) => e.date);
    expect(dates(2020)).toContain('2020-05-08');
    expect(dates(2020)).not.toContain('2020-05-04');
    expect(dates(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(dates(2022)).not.toContain('2022-05-30');
    expect(dates(2023)).toContain('2023-05-08');
  });

  it('has the official 2026 dates', () => {
    expect(data.events.filter((e) => e.date.startsWith('2026-')).map((e) => e.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
  });

  it('applies substitute days: 2026 Boxing Day, 2027 Christmas and Boxing Day, 2028 New Year', () => {
    expect(cal.holidayOn('2026-12-28')).toEqual({ date: '2026-12-28', title: 'Boxing Day', notes: 'Substitute day' });
    expect(cal.isBankHoliday('2026-12-26')).toBe(false);
    expect(cal.holidayOn('2027-12-27')?.title).toBe('Christmas Day');
    expect(cal.holidayOn('2027-12-28')?.title).toBe('Boxing Day');
    expect(cal.isBankHoliday('2027-12-25')).toBe(false);
    expect(cal.holidayOn('2028-01-03')?.title).toBe('New Year’s Day');
    expect(cal.isBankHoliday('2028-01-01')).toBe(false);
  });
});

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'], // latest possible
    [2285, '2285-03-22'], // earliest possible
  ])('%i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('projects a Christmas-on-Sunday year like GOV.UK did for 2022', () => {
    const dates = projectEnglandAndWalesBankHolidays(2022).slice(-2);
    expect(dates).toEqual([
      { date: '2022-12-26', title: 'Boxing Day' },
      { date: '2022-12-27', title: 'Christmas Day', notes: 'Substitute day' },
    ]);
  });
});

describe('defaultHolidayCalendar', () => {
  it('exposes version and covered years', () => {
    expect(cal.version).toBe(data.version);
    expect(cal.coveredYears).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]);
    expect(cal.projectedYears).toEqual([2027, 2028]);
    expect(cal.division).toBe('england-and-wales');
  });

  it.each([
    ['2026-04-03', true],
    ['2026-04-06', true],
    ['2026-04-07', false],
    ['2026-04-04', false], // weekend, but not a bank holiday
    ['2024-08-26', true],
  ])('isBankHoliday(%s) = %s', (d, expected) => {
    expect(cal.isBankHoliday(d)).toBe(expected);
  });

  it.each(['2017-12-25', '2029-01-01', '2029-06-01'])('refuses to answer for an uncovered year (%s)', (d) => {
    expect(() => cal.isBankHoliday(d)).toThrow(CalendarError);
    expect(() => cal.isBankHoliday(d)).toThrow(expect.objectContaining({ code: 'year_not_covered' }));
    expect(() => cal.isBankHoliday(d)).toThrow(/No england-and-wales bank holiday data for \d{4}/);
    expect(cal.covers(d)).toBe(false);
  });

  it('rejects a malformed date', () => {
    expect(() => cal.isBankHoliday('2026-02-30')).toThrow(/date must be a real calendar date/);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(cal)).toBe(true);
    expect(Object.isFrozen(cal.events)).toBe(true);
    expect(() => (cal.coveredYears as number[]).push(2030)).toThrow();
  });
});

describe('createHolidayCalendar validation', () => {
  const good = (): HolidayData => ({
    division: 'england-and-wales',
    version: '2026-11-22',
    source: 'test',
    events: [{ date: '2030-01-01', title: 'New Year’s Day' }],
  });

  it('accepts minimal data and sorts events', () => {
    const c = createHolidayCalendar({
      ...good(),
      events: [
        { date: '2030-12-25', title: 'Christmas Day' },
        { date: '2030-01-01', title: 'New Year’s Day' },
      ],
    });
    expect(c.events.map((e) => e.date)).toEqual(['2030-01-01', '2030-12-25']);
    expect(c.coveredYears).toEqual([2030]);
    expect(c.projectedYears).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'x', /^data must be an object/],
    ['missing division', { ...good(), division: '' }, /data\.division must be a non-empty string/],
    ['missing source', { ...good(), source: undefined }, /data\.source/],
    ['bad version', { ...good(), version: '22/11/2026' }, /data\.version must be the date of the data/],
    ['no events', { ...good(), events: [] }, /data\.events must be a non-empty array/],
    ['events not array', { ...good(), events: {} }, /data\.events must be a non-empty array/],
    ['bad event date', { ...good(), events: [{ date: '2030-02-30', title: 'x' }] }, /data\.events\[0\]\.date/],
    ['empty title', { ...good(), events: [{ date: '2030-01-01', title: ' ' }] }, /data\.events\[0\]\.title/],
    ['bad notes', { ...good(), events: [{ date: '2030-01-01', title: 'x', notes: 3 }] }, /data\.events\[0\]\.notes/],
    [
      'duplicate date',
      { ...good(), events: [{ date: '2030-01-01', title: 'a' }, { date: '2030-01-01', title: 'b' }] },
      /data\.events\[1\]\.date duplicates/,
    ],
    ['projected year without events', { ...good(), projectedYears: [2031] }, /data\.projectedYears\[0\]/],
  ])('rejects %s', (_label, input, message) => {
    expect(() => createHolidayCalendar(input)).toThrow(CalendarError);
    expect(() => createHolidayCalendar(input)).toThrow(message);
  });
});

describe('mergeHolidayData', () => {
  const y2029: HolidayData = {
    division: 'england-and-wales',
    version: '2027-06-01',
    source: 'https://www.gov.uk/bank-holidays.json',
    events: projectEnglandAndWalesBankHolidays(2029),
  };

  it('adds a future year, keeping the base years and taking the newer version', () => {
    const merged = createHolidayCalendar(mergeHolidayData(defaultHolidayCalendar, y2029));
    expect(merged.coveredYears).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029]);
    expect(merged.version).toBe('2027-06-01');
    expect(merged.isBankHoliday('2029-03-30')).toBe(true); // Good Friday 2029
    expect(merged.isBankHoliday('2026-04-03')).toBe(true);
    expect(merged.source).toBe('https://www.gov.uk/bank-holidays.json');
    // The default calendar is untouched.
    expect(() => defaultHolidayCalendar.isBankHoliday('2029-03-30')).toThrow(/2029/);
  });

  it('replaces a whole year, so a published change corrects a projection', () => {
    const revised2028: HolidayData = {
      ...y2029,
      events: [
        ...projectEnglandAndWalesBankHolidays(2028).filter((e) => e.title !== 'Early May bank holiday'),
        { date: '2028-05-08', title: 'Early May bank holiday (moved)' },
      ],
    };
    const merged = createHolidayCalendar(mergeHolidayData(defaultHolidayCalendar, revised2028));
    expect(merged.isBankHoliday('2028-05-01')).toBe(false);
    expect(merged.isBankHoliday('2028-05-08')).toBe(true);
    expect(merged.projectedYears).toEqual([2027]);
    expect(merged.events.filter((e) => e.date.startsWith('2028-'))).toHaveLength(8);
  });

  it('keeps the later version whichever side it is on, and joins different sources', () => {
    const older = { ...y2029, version: '2020-01-01', source: 'trust file' };
    const merged = mergeHolidayData(defaultHolidayCalendar, older);
    expect(merged.version).toBe(defaultHolidayCalendar.version);
    expect(merged.source).toBe('https://www.gov.uk/bank-holidays.json + trust file');
  });

  it('refuses to mix divisions', () => {
    expect(() => mergeHolidayData(defaultHolidayCalendar, { ...y2029, division: 'scotland' })).toThrow(
      /extra\.division must match base division/,
    );
  });

  it('validates the extra data', () => {
    expect(() => mergeHolidayData(defaultHolidayCalendar, { ...y2029, version: 'soon' })).toThrow(/extra\.version/);
  });

  it('validateHolidayData returns a normalised copy', () => {
    const v = validateHolidayData({ ...y2029, events: [...y2029.events].reverse() });
    expect(v.events[0].date).toBe('2029-01-01');
  });
});
