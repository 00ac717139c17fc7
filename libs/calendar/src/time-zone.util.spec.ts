import { CalendarError, localDateTimeToInstant, parseInstant, startOfLocalDayInstant, toZonedParts } from './index';

const LONDON = 'Europe/London';

describe('parseInstant', () => {
  it.each([
    ['2026-04-03T13:10:00Z', Date.UTC(2026, 3, 3, 13, 10)],
    ['2026-04-03T14:10:00+01:00', Date.UTC(2026, 3, 3, 13, 10)],
    ['2026-04-03T08:10-05:00', Date.UTC(2026, 3, 3, 13, 10)],
    ['2026-04-03T13:10:00.5Z', Date.UTC(2026, 3, 3, 13, 10, 0, 500)],
    ['2026-04-03T13:10:00.123456Z', Date.UTC(2026, 3, 3, 13, 10, 0, 123)], // Postgres microseconds
  ])('parses %s', (iso, ms) => {
    expect(parseInstant(iso)).toBe(ms);
  });

  it.each([
    '2026-04-03T13:10:00', // no offset: would depend on the host zone
    '2026-04-03 13:10:00Z',
    '2026-04-03',
    '2026-02-30T10:00:00Z',
    '2026-04-03T24:00:00Z',
    '2026-04-03T13:60:00Z',
    '2026-04-03T13:10:60Z',
    'yesterday',
  ])('rejects %j', (iso) => {
    expect(() => parseInstant(iso, 'receivedAt')).toThrow(CalendarError);
    expect(() => parseInstant(iso, 'receivedAt')).toThrow(/^receivedAt must be an ISO 8601 instant/);
  });
});

describe('toZonedParts', () => {
  it('reads GMT in winter and BST in summer', () => {
    expect(toZonedParts('2026-01-15T17:00:00Z', LONDON)).toMatchObject({ date: '2026-01-15', time: '17:00', offsetMinutes: 0 });
    expect(toZonedParts('2026-07-15T16:00:00Z', LONDON)).toMatchObject({ date: '2026-07-15', time: '17:00', offsetMinutes: 60 });
  });

  it('moves the local date across midnight in BST', () => {
    expect(toZonedParts('2026-06-30T23:30:00Z', LONDON)).toMatchObject({ date: '2026-07-01', time: '00:30' });
  });

  it('prints midnight as 00, not 24', () => {
    expect(toZonedParts('2026-01-15T00:00:00Z', LONDON).time).toBe('00:00');
  });

  it('handles the spring-forward day 2026-03-29 (01:00 GMT -> 02:00 BST)', () => {
    expect(toZonedParts('2026-03-29T00:59:59Z', LONDON)).toMatchObject({ date: '2026-03-29', time: '00:59', second: 59, offsetMinutes: 0 });
    expect(toZonedParts('2026-03-29T01:00:00Z', LONDON)).toMatchObject({ date: '2026-03-29', time: '02:00', offsetMinutes: 60 });
  });

  it('handles the fall-back day 2026-10-25 (02:00 BST -> 01:00 GMT)', () => {
    expect(toZonedParts('2026-10-25T00:30:00Z', LONDON)).toMatchObject({ time: '01:30', offsetMinutes: 60 });
    expect(toZonedParts('2026-10-25T01:30:00Z', LONDON)).toMatchObject({ time: '01:30', offsetMinutes: 0 });
  });

  it('works in other zones', () => {
    expect(toZonedParts('2026-04-03T13:10:00Z', 'America/New_York')).toMatchObject({ date: '2026-04-03', time: '09:10' });
    expect(toZonedParts('2026-04-03T13:10:00Z', 'Pacific/Kiritimati')).toMatchObject({ date: '2026-04-04', time: '03:10' });
  });

  it('keeps seconds and milliseconds', () => {
    expect(toZonedParts('2026-01-15T17:00:30.250Z', LONDON)).toMatchObject({ second: 30, millisecond: 250 });
  });

  it('rejects an unknown zone, naming the field', () => {
    expect(() => toZonedParts('2026-01-15T17:00:00Z', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'invalid_time_zone', field: 'timeZone' }),
    );
    expect(() => toZonedParts('2026-01-15T17:00:00Z', '')).toThrow(/timeZone must be an IANA time zone/);
  });

  it('rejects an instant without an offset', () => {
    expect(() => toZonedParts('2026-01-15T17:00:00', LONDON)).toThrow(/^instant must be/);
  });
});

describe('startOfLocalDayInstant', () => {
  it.each([
    ['2026-01-15', '2026-01-15T00:00:00.000Z'],
    ['2026-07-15', '2026-07-14T23:00:00.000Z'],
    ['2026-03-28', '2026-03-28T00:00:00.000Z'],
    ['2026-03-29', '2026-03-29T00:00:00.000Z'], // still GMT at midnight; clocks change at 01:00
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'], // still BST at midnight
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
  ])('Europe/London %s starts at %s', (date, instant) => {
    expect(startOfLocalDayInstant(date, LONDON)).toBe(instant);
  });

  it('spring-forward and fall-back days are 23 and 25 hours long', () => {
    const hours = (a: string, b: string) =>
      (Date.parse(startOfLocalDayInstant(b, LONDON)) - Date.parse(startOfLocalDayInstant(a, LONDON))) / 3_600_000;
    expect(hours('2026-03-29', '2026-03-30')).toBe(23);
    expect(hours('2026-10-25', '2026-10-26')).toBe(25);
    expect(hours('2026-06-01', '2026-06-02')).toBe(24);
  });

  it('handles zones whose clocks jump at midnight (local midnight does not exist)', () => {
    // Brazil started DST at 00:00 on 2018-11-04: the day began at 01:00 local (-02:00).
    expect(startOfLocalDayInstant('2018-11-04', 'America/Sao_Paulo')).toBe('2018-11-04T03:00:00.000Z');
  });

  it('handles zones ahead of UTC', () => {
    expect(startOfLocalDayInstant('2026-04-04', 'Asia/Tokyo')).toBe('2026-04-03T15:00:00.000Z');
  });

  it('answers a remembered day the same, per zone, and never remembers a refusal', () => {
    // The same date in two zones, asked twice each (the second answer comes from the memo).
    for (let i = 0; i < 2; i++) {
      expect(startOfLocalDayInstant('2026-03-29', LONDON)).toBe('2026-03-29T00:00:00.000Z');
      expect(startOfLocalDayInstant('2026-03-29', 'Asia/Tokyo')).toBe('2026-03-28T15:00:00.000Z');
      expect(startOfLocalDayInstant('2026-03-30', LONDON)).toBe('2026-03-29T23:00:00.000Z');
      expect(() => startOfLocalDayInstant('2026-02-30', LONDON)).toThrow(CalendarError);
      expect(() => startOfLocalDayInstant('2026-03-29', 'Mars/Olympus')).toThrow(CalendarError);
    }
  });

  it('validates inputs', () => {
    expect(() => startOfLocalDayInstant('2026-13-01', LONDON)).toThrow(/date must be a real calendar date/);
    expect(() => startOfLocalDayInstant('2026-01-01', 'Nowhere/Land')).toThrow(CalendarError);
  });
});

describe('localDateTimeToInstant', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(localDateTimeToInstant('2024-01-15', '16:40', LONDON)).toBe('2024-01-15T16:40:00.000Z');
    expect(localDateTimeToInstant('2024-07-15', '16:40', LONDON)).toBe('2024-07-15T15:40:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 31 March 2024: 01:00 GMT becomes 02:00 BST; 01:30 never happens.
    expect(localDateTimeToInstant('2024-03-31', '00:30', LONDON)).toBe('2024-03-31T00:30:00.000Z');
    expect(localDateTimeToInstant('2024-03-31', '03:00', LONDON)).toBe('2024-03-31T02:00:00.000Z');
    expect(() => localDateTimeToInstant('2024-03-31', '01:30', LONDON, 'received_at')).toThrow(/received_at.*does not exist/);
    // 27 October 2024: 01:30 happens twice; the first (BST) is taken.
    expect(localDateTimeToInstant('2024-10-27', '01:30', LONDON)).toBe('2024-10-27T00:30:00.000Z');
  });

  it('refuses malformed dates and times, naming the field', () => {
    expect(() => localDateTimeToInstant('2024-02-30', '10:00', LONDON, 'returned_at')).toThrow(CalendarError);
    expect(() => localDateTimeToInstant('2024-02-03', '24:00', LONDON, 'returned_at')).toThrow(/returned_at/);
    expect(() => localDateTimeToInstant('2024-02-03', '9:00', LONDON, 'returned_at')).toThrow(/returned_at/);
  });
});
