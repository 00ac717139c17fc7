import {
  CalendarError,
  DEFAULT_RECEIPT_POLICY,
  defaultHolidayCalendar as cal,
  effectiveReceiptDate,
  type ReceiptPolicy,
} from './index';

const policy: ReceiptPolicy = { timeZone: 'Europe/London', cutOff: '17:00', nonWorkingDayRollsForward: true };
const dateOf = (iso: string, p: ReceiptPolicy = policy) => effectiveReceiptDate(iso, p, cal).date;
const rulesOf = (iso: string, p: ReceiptPolicy = policy) => effectiveReceiptDate(iso, p, cal).explanation.map((s) => s.rule);

describe('cut-off in GMT (Wednesday 14 January 2026, UTC = local)', () => {
  it.each([
    ['2026-01-14T09:00:00Z', '2026-01-14'],
    ['2026-01-14T16:59:59Z', '2026-01-14'],
    ['2026-01-14T17:00:00Z', '2026-01-14'], // exactly at the cut-off is not after it
    ['2026-01-14T17:00:00.001Z', '2026-01-15'],
    ['2026-01-14T17:00:01Z', '2026-01-15'],
    ['2026-01-14T17:01:00Z', '2026-01-15'],
    ['2026-01-14T23:59:59Z', '2026-01-15'],
    ['2026-01-15T00:00:00Z', '2026-01-15'],
  ])('%s -> %s', (iso, expected) => {
    expect(dateOf(iso)).toBe(expected);
  });
});

describe('cut-off in BST (Wednesday 15 July 2026, local = UTC + 1)', () => {
  it.each([
    ['2026-07-15T15:59:00Z', '2026-07-15'], // 16:59 BST
    ['2026-07-15T16:00:00Z', '2026-07-15'], // 17:00 BST exactly
    ['2026-07-15T16:00:01Z', '2026-07-16'], // 17:00:01 BST
    ['2026-07-15T16:30:00Z', '2026-07-16'], // 17:30 BST, though only 16:30 UTC
    ['2026-07-15T17:00:00+01:00', '2026-07-15'], // same instant written with an offset
    ['2026-07-15T23:30:00Z', '2026-07-16'], // 00:30 BST on Thursday: a new day, before the cut-off
  ])('%s -> %s', (iso, expected) => {
    expect(dateOf(iso)).toBe(expected);
  });
});

describe('weekend and bank-holiday receipt', () => {
  it('Friday after the cut-off rolls to Monday', () => {
    expect(dateOf('2026-06-05T16:30:00Z')).toBe('2026-06-08');
  });

  it.each([
    ['Saturday morning', '2026-06-06T09:00:00Z', '2026-06-08'],
    ['Sunday evening', '2026-06-07T20:00:00Z', '2026-06-08'],
    ['Thursday before Easter after cut-off', '2026-04-02T16:05:00Z', '2026-04-07'],
    ['Good Friday', '2026-04-03T13:10:00Z', '2026-04-07'],
    ['Easter Saturday', '2026-04-04T10:00:00Z', '2026-04-07'],
    ['Easter Sunday', '2026-04-05T10:00:00Z', '2026-04-07'],
    ['Easter Monday', '2026-04-06T08:00:00Z', '2026-04-07'],
    ['Easter Monday after cut-off', '2026-04-06T18:00:00Z', '2026-04-07'],
    ['Christmas Eve 2026 after cut-off', '2026-12-24T17:30:00Z', '2026-12-29'],
    ['Boxing Day 2026 (Saturday)', '2026-12-26T11:00:00Z', '2026-12-29'],
    ['Boxing Day substitute 2026', '2026-12-28T11:00:00Z', '2026-12-29'],
    ['Christmas Eve 2027 after cut-off', '2027-12-24T17:30:00Z', '2027-12-29'],
    ['New Year’s Eve 2027 after cut-off', '2027-12-31T17:30:00Z', '2028-01-04'],
    ['New Year’s Day 2028 (Saturday)', '2028-01-01T10:00:00Z', '2028-01-04'],
    ['Good Friday 2025', '2025-04-18T10:00:00+01:00', '2025-04-22'],
  ])('%s: %s -> %s', (_label, iso, expected) => {
    expect(dateOf(iso)).toBe(expected);
  });

  it('explains a bank-holiday receipt in one sentence', () => {
    const { explanation } = effectiveReceiptDate('2026-04-03T13:10:00Z', policy, cal);
    const step = explanation.find((s) => s.rule === 'receipt.non_working_day');
    expect(step).toMatchObject({ date: '2026-04-07' });
    expect(step?.text).toBe(
      'Received 14:10 on Friday 3 April 2026 (Good Friday, a bank holiday): counted as received on Tuesday 7 April 2026, ' +
        'the next working day. Monday 6 April 2026 (Easter Monday) is also a bank holiday.',
    );
  });

  it('explains a weekend receipt', () => {
    const step = effectiveReceiptDate('2026-06-06T09:00:00Z', policy, cal).explanation[1];
    expect(step.rule).toBe('receipt.non_working_day');
    expect(step.text).toBe(
      'Received 10:00 on Saturday 6 June 2026 (a Saturday, not a working day): counted as received on Monday 8 June 2026, the next working day.',
    );
  });

  it('explains a cut-off roll over Easter, naming the skipped holidays', () => {
    const step = effectiveReceiptDate('2026-04-02T16:05:00Z', policy, cal).explanation[1];
    expect(step.rule).toBe('receipt.cutoff');
    expect(step.text).toBe(
      'Received 17:05 on Thursday 2 April 2026, after the 17:00 cut-off: counted as received on Tuesday 7 April 2026, the next working day. ' +
        'Friday 3 April 2026 (Good Friday) and Monday 6 April 2026 (Easter Monday) are bank holidays.',
    );
  });

  it('shows seconds when they decide the cut-off', () => {
    const step = effectiveReceiptDate('2026-01-14T17:00:30Z', policy, cal).explanation[1];
    expect(step.text).toMatch(/^Received 17:00:30 on Wednesday 14 January 2026, after the 17:00 cut-off/);
  });

  it('records the raw timestamp and the calendar version', () => {
    const { explanation } = effectiveReceiptDate('2026-04-03T13:10:00Z', policy, cal);
    expect(explanation.map((s) => s.rule)).toEqual(['receipt.received', 'receipt.non_working_day', 'calendar.version']);
    expect(explanation[0].text).toContain('2026-04-03T13:10:00Z');
    expect(explanation[0].text).toContain('14:10 on Friday 3 April 2026 (Europe/London)');
    expect(explanation[2].text).toContain(`data version ${cal.version}`);
  });

  it('explains an on-time working-day receipt', () => {
    const step = effectiveReceiptDate('2026-01-14T17:00:00Z', policy, cal).explanation[1];
    expect(step).toMatchObject({ rule: 'receipt.same_day', date: '2026-01-14' });
    expect(step.text).toBe(
      'Received 17:00 on Wednesday 14 January 2026, a working day, at or before the 17:00 cut-off: the receipt date is Wednesday 14 January 2026.',
    );
  });
});

describe('receipt on the DST change days', () => {
  it.each([
    // Sunday 29 March 2026: clocks go forward at 01:00 GMT
    ['2026-03-29T00:30:00Z', '2026-03-30'], // 00:30 GMT, Sunday
    ['2026-03-29T16:30:00Z', '2026-03-30'], // 17:30 BST, Sunday
    // Monday 30 March 2026, first working day in BST
    ['2026-03-30T15:59:00Z', '2026-03-30'], // 16:59 BST
    ['2026-03-30T16:30:00Z', '2026-03-31'], // 17:30 BST though 16:30 UTC
    // Sunday 25 October 2026: clocks go back at 02:00 BST
    ['2026-10-25T00:30:00Z', '2026-10-26'],
    ['2026-10-25T17:30:00Z', '2026-10-26'],
    // Monday 26 October 2026, first working day in GMT
    ['2026-10-26T16:59:00Z', '2026-10-26'],
    ['2026-10-26T17:00:00Z', '2026-10-26'],
    ['2026-10-26T17:01:00Z', '2026-10-27'],
  ])('%s -> %s', (iso, expected) => {
    expect(dateOf(iso)).toBe(expected);
  });

  const weekendsCount: ReceiptPolicy = { ...policy, nonWorkingDayRollsForward: false };
  it.each([
    ['2026-03-29T15:59:00Z', '2026-03-29'], // 16:59 BST
    ['2026-03-29T16:00:00Z', '2026-03-29'], // 17:00 BST
    ['2026-03-29T16:01:00Z', '2026-03-30'], // 17:01 BST
    ['2026-10-25T16:59:00Z', '2026-10-25'], // 16:59 GMT
    ['2026-10-25T17:01:00Z', '2026-10-26'], // 17:01 GMT
  ])('cut-off alone on the change day, weekends counted: %s -> %s', (iso, expected) => {
    expect(dateOf(iso, weekendsCount)).toBe(expected);
  });
});

describe('policy variations', () => {
  it('no cut-off: late evening counts the same day', () => {
    expect(dateOf('2026-01-14T23:59:00Z', { ...policy, cutOff: null })).toBe('2026-01-14');
    expect(rulesOf('2026-01-14T23:59:00Z', { ...policy, cutOff: null })).toContain('receipt.same_day');
  });

  it('no cut-off still rolls a non-working day forward', () => {
    expect(dateOf('2026-04-03T10:00:00Z', { ...policy, cutOff: null })).toBe('2026-04-07');
  });

  it('no roll-forward: a weekend or holiday receipt keeps its date', () => {
    const p = { ...policy, nonWorkingDayRollsForward: false };
    expect(dateOf('2026-04-03T10:00:00Z', p)).toBe('2026-04-03');
    expect(dateOf('2026-06-06T09:00:00Z', p)).toBe('2026-06-06');
    // After the cut-off, the next calendar day, not the next working day.
    expect(dateOf('2026-04-02T16:30:00Z', p)).toBe('2026-04-03');
    expect(effectiveReceiptDate('2026-04-02T16:30:00Z', p, cal).explanation[1].text).toMatch(/the next day \(this trust counts/);
  });

  it('an earlier cut-off', () => {
    expect(dateOf('2026-01-14T16:30:00Z', { ...policy, cutOff: '16:00' })).toBe('2026-01-15');
  });

  it('DEFAULT_RECEIPT_POLICY is London, 17:00, rolling forward', () => {
    expect(DEFAULT_RECEIPT_POLICY).toEqual(policy);
    expect(Object.isFrozen(DEFAULT_RECEIPT_POLICY)).toBe(true);
  });

  it('returns the local receipt time as evidence', () => {
    expect(effectiveReceiptDate('2026-07-15T16:30:00Z', policy, cal).receivedLocal).toMatchObject({
      date: '2026-07-15',
      time: '17:30',
      offsetMinutes: 60,
    });
  });
});

describe('invalid receipt inputs', () => {
  it.each<[string, unknown, string]>([
    ['cutOff "5pm"', { ...policy, cutOff: '5pm' }, 'policy.cutOff'],
    ['cutOff "24:00"', { ...policy, cutOff: '24:00' }, 'policy.cutOff'],
    ['cutOff "17:0"', { ...policy, cutOff: '17:0' }, 'policy.cutOff'],
    ['cutOff undefined', { ...policy, cutOff: undefined }, 'policy.cutOff'],
    ['empty timeZone', { ...policy, timeZone: '' }, 'policy.timeZone'],
    ['unknown timeZone', { ...policy, timeZone: 'Mars/Olympus' }, 'policy.timeZone'],
    ['roll flag as string', { ...policy, nonWorkingDayRollsForward: 'yes' }, 'policy.nonWorkingDayRollsForward'],
    ['null policy', null, 'policy'],
  ])('%s', (_label, p, field) => {
    let error: unknown;
    try {
      effectiveReceiptDate('2026-01-14T10:00:00Z', p as ReceiptPolicy, cal);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).field).toBe(field);
    expect((error as CalendarError).message).toContain(field);
  });

  it.each(['2026-01-14T10:00:00', '2026-01-14', '', 'not a date'])('receivedAt %j', (iso) => {
    expect(() => effectiveReceiptDate(iso, policy, cal)).toThrow(expect.objectContaining({ field: 'receivedAt' }));
    expect(() => effectiveReceiptDate(iso, policy, cal)).toThrow(/^receivedAt must be an ISO 8601 instant/);
  });

  it('throws for a receipt in a year the calendar does not cover', () => {
    expect(() => effectiveReceiptDate('2029-03-01T10:00:00Z', policy, cal)).toThrow(
      expect.objectContaining({ code: 'year_not_covered' }),
    );
    expect(() => effectiveReceiptDate('2017-12-29T10:00:00Z', policy, cal)).toThrow(/2017/);
  });

  it('does not need holiday data when the policy never consults it', () => {
    const p = { ...policy, cutOff: null, nonWorkingDayRollsForward: false };
    expect(dateOf('2029-03-01T10:00:00Z', p)).toBe('2029-03-01');
  });
});
