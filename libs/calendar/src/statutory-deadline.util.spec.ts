import {
  addCalendarDays,
  CalendarError,
  defaultHolidayCalendar as calendar,
  statutoryDeadline,
  type ReceiptPolicy,
  type StatutoryDeadlineInput,
  type StatutoryExtension,
  type StatutoryPause,
} from './index';

const policy: ReceiptPolicy = { timeZone: 'Europe/London', cutOff: '17:00', nonWorkingDayRollsForward: true };
const recorded = { evidence: 'GP letter dated 10 April 2026', recordedBy: 'Sam Coordinator', recordedAt: '2026-04-10T09:00:00Z' };

// Receipt Wednesday 1 April 2026 10:00 BST: effective receipt 1 April, base due Wednesday 13 May.
const RECEIVED = '2026-04-01T09:00:00Z';
const R = '2026-04-01';
const day = (n: number) => addCalendarDays(R, n);

function pause(id: string, from: string, to: string, kind: StatutoryPause['kind'] = 'exceptional_personal_circumstances'): StatutoryPause {
  return { id, kind, from, to, ...recorded };
}
function extension(id: string, days: number, kind: StatutoryExtension['kind'] = 'missed_appointment'): StatutoryExtension {
  return { id, kind, days, ...recorded };
}
const run = (extra: Partial<StatutoryDeadlineInput> = {}) => statutoryDeadline({ receivedAt: RECEIVED, policy, calendar, ...extra });

describe('the 42-day rule', () => {
  it('is 42 calendar days after the effective receipt date', () => {
    const d = run();
    expect(d).toMatchObject({
      receivedAt: RECEIVED,
      effectiveReceiptDate: '2026-04-01',
      baseDueDate: '2026-05-13',
      dueDate: '2026-05-13',
      dueAt: '2026-05-13T23:00:00.000Z', // start of 14 May in BST
      pausedDays: 0,
      extensionDays: 0,
      calendarVersion: calendar.version,
    });
  });

  it('is not stopped by bank holidays in the window (Good Friday, Easter Monday, Early May)', () => {
    const d = run();
    expect(d.dueDate).toBe(addCalendarDays('2026-04-01', 42));
    const six = d.explanation.find((s) => s.rule === 'statutory.six_weeks');
    expect(six?.ref).toBe('SEND Regulations 2014 reg 8(1)');
    expect(six?.text).toContain('Bank holidays and school holidays do not stop the clock');
    expect(six?.text).toContain('Friday 3 April 2026, Good Friday');
    expect(six?.text).toContain('Monday 4 May 2026, Early May bank holiday');
  });

  it('is not stopped by Christmas either, and may end on a weekend', () => {
    const d = statutoryDeadline({ receivedAt: '2026-12-01T10:00:00Z', policy, calendar });
    expect(d.dueDate).toBe('2027-01-12');
    const d2 = statutoryDeadline({ receivedAt: '2026-11-20T10:00:00Z', policy, calendar });
    expect(d2.dueDate).toBe('2027-01-01'); // New Year's Day: due date is not moved off holidays
  });

  it('answers "why is this due on 14 May?" for a receipt after the cut-off', () => {
    const d = statutoryDeadline({ receivedAt: '2026-04-01T16:30:00Z', policy, calendar });
    expect(d.effectiveReceiptDate).toBe('2026-04-02');
    expect(d.dueDate).toBe('2026-05-14');
    expect(d.explanation.map((s) => s.rule)).toEqual([
      'receipt.received',
      'receipt.cutoff',
      'statutory.six_weeks',
      'statutory.due',
      'calendar.version',
    ]);
    const text = d.explanation.map((s) => s.text).join('\n');
    expect(text).toContain('17:30 on Wednesday 1 April 2026');
    expect(text).toContain('after the 17:00 cut-off');
    expect(text).toContain('42 calendar days after Thursday 2 April 2026 is Thursday 14 May 2026');
    expect(text).toContain('Due by the end of Thursday 14 May 2026');
    expect(text).toContain(`data version ${calendar.version}`);
  });

  it('runs from the next working day for a Good Friday receipt', () => {
    const d = statutoryDeadline({ receivedAt: '2026-04-03T13:10:00Z', policy, calendar });
    expect(d.effectiveReceiptDate).toBe('2026-04-07');
    expect(d.dueDate).toBe('2026-05-19');
  });

  it.each([
    // dueAt is local midnight at the start of the next day, in GMT or BST as it falls.
    ['2026-02-03T10:00:00Z', '2026-03-17', '2026-03-18T00:00:00.000Z'], // GMT
    ['2026-02-14T10:00:00Z', '2026-03-30', '2026-03-30T23:00:00.000Z'], // Sat receipt -> Mon 16 Feb
    ['2026-02-13T10:00:00Z', '2026-03-27', '2026-03-28T00:00:00.000Z'],
    ['2026-02-16T10:00:00Z', '2026-03-30', '2026-03-30T23:00:00.000Z'], // next day starts in BST
    ['2026-02-12T10:00:00Z', '2026-03-26', '2026-03-27T00:00:00.000Z'],
    ['2026-09-10T10:00:00Z', '2026-10-22', '2026-10-22T23:00:00.000Z'],
    ['2026-09-14T10:00:00Z', '2026-10-26', '2026-10-27T00:00:00.000Z'], // first GMT night
    ['2026-09-11T10:00:00Z', '2026-10-23', '2026-10-23T23:00:00.000Z'],
  ])('receipt %s -> due %s, late from %s', (receivedAt, dueDate, dueAt) => {
    const d = statutoryDeadline({ receivedAt, policy, calendar });
    expect(d.dueDate).toBe(dueDate);
    expect(d.dueAt).toBe(dueAt);
  });

  it('dueAt across the DST change days', () => {
    // Due Saturday 28 March 2026: late from midnight GMT on 29 March (clocks change later, at 01:00).
    expect(statutoryDeadline({ receivedAt: '2026-02-14T10:00:00Z', policy: { ...policy, nonWorkingDayRollsForward: false }, calendar }))
      .toMatchObject({ dueDate: '2026-03-28', dueAt: '2026-03-29T00:00:00.000Z' });
    // Due Saturday 24 October 2026: late from midnight BST on 25 October.
    expect(statutoryDeadline({ receivedAt: '2026-09-12T10:00:00Z', policy: { ...policy, nonWorkingDayRollsForward: false }, calendar }))
      .toMatchObject({ dueDate: '2026-10-24', dueAt: '2026-10-24T23:00:00.000Z' });
  });

  it('a receipt on the spring-forward Sunday counts from Monday', () => {
    const d = statutoryDeadline({ receivedAt: '2026-03-29T16:30:00Z', policy, calendar });
    expect(d.effectiveReceiptDate).toBe('2026-03-30');
    expect(d.dueDate).toBe('2026-05-11');
  });

  it('is deterministic and does not mutate its input', () => {
    const input = Object.freeze({
      receivedAt: RECEIVED,
      policy: Object.freeze({ ...policy }),
      calendar,
      pauses: Object.freeze([Object.freeze(pause('p1', day(5), day(9)))]),
      extensions: Object.freeze([Object.freeze(extension('e1', 7))]),
    });
    expect(statutoryDeadline(input)).toEqual(statutoryDeadline(input));
  });
});

describe('pauses (reg 8(2))', () => {
  it('a pause inside the window moves the due date by its length', () => {
    const d = run({ pauses: [pause('p1', day(10), day(14))] });
    expect(d.pausedDays).toBe(5);
    expect(d.dueDate).toBe(day(47));
    expect(d.dueAt).toBe(`${day(47)}T23:00:00.000Z`);
  });

  it('explains the pause with its rule, dates, who recorded it and the evidence', () => {
    const d = run({ pauses: [pause('p1', day(10), day(14))] });
    const step = d.explanation.find((s) => s.rule === 'pause');
    expect(step).toMatchObject({ ref: 'SEND Regulations 2014 reg 8(2)(a)', date: day(47) });
    expect(step?.text).toBe(
      'Pause p1 (exceptional personal circumstances affecting the child, parent or young person), Saturday 11 April 2026 to ' +
        'Wednesday 15 April 2026 (5 days): 5 of its days fall within the 6-week period and stop the clock, moving the due date ' +
        'to Monday 18 May 2026. Recorded by Sam Coordinator at 2026-04-10T09:00:00Z. Evidence: "GP letter dated 10 April 2026".',
    );
  });

  it('a one-day pause', () => {
    const d = run({ pauses: [pause('p1', day(3), day(3), 'missed_appointment')] });
    expect(d.dueDate).toBe(day(43));
    expect(d.explanation.find((s) => s.rule === 'pause')?.text).toContain('1 of its days falls within the 6-week period and stops the clock');
  });

  it.each([
    ['entirely before receipt', day(-10), day(-1), 0],
    ['ending on the receipt day (the clock has not started)', day(-3), day(0), 0],
    ['straddling the receipt day', day(-3), day(2), 2],
    ['starting the day after receipt', day(1), day(1), 1],
    ['ending on the base due date', day(42), day(42), 1],
    ['starting the day after the base due date (adjacent, outside)', day(43), day(50), 0],
    ['entirely after the window', day(60), day(70), 0],
  ])('%s', (_label, from, to, expected) => {
    const d = run({ pauses: [pause('p1', from, to)] });
    expect(d.pausedDays).toBe(expected);
    expect(d.dueDate).toBe(day(42 + expected));
  });

  it('an outside pause says it has no effect', () => {
    const d = run({ pauses: [pause('p1', day(60), day(70))] });
    expect(d.explanation.find((s) => s.rule === 'pause')?.text).toContain('none of its days fall within the 6-week period');
  });

  it('uses the running due date: a pause across the due date keeps pulling in its later days', () => {
    const d = run({ pauses: [pause('p1', day(40), day(45))] });
    expect(d.pausedDays).toBe(6);
    expect(d.dueDate).toBe(day(48));
  });

  it('a pause past the base due date counts once an earlier pause has pushed the window over it', () => {
    const d = run({ pauses: [pause('p1', day(10), day(14)), pause('p2', day(44), day(45), 'missed_appointment')] });
    expect(d.pausedDays).toBe(7);
    expect(d.dueDate).toBe(day(49));
  });

  it('overlapping pauses do not double count', () => {
    const d = run({
      pauses: [pause('p1', day(10), day(19)), pause('p2', day(15), day(24), 'missed_appointment')],
    });
    expect(d.pausedDays).toBe(15);
    expect(d.dueDate).toBe(day(57));
    const [s1, s2] = d.explanation.filter((s) => s.rule === 'pause');
    expect(s1.text).toContain('10 of its days fall');
    expect(s2.text).toContain('5 of its days fall');
    expect(s2.text).toContain('Days it shares with pause p1 are counted only once.');
  });

  it('a pause wholly inside another adds nothing, and says so', () => {
    const d = run({ pauses: [pause('outer', day(10), day(20)), pause('inner', day(12), day(14))] });
    expect(d.pausedDays).toBe(11);
    expect(d.dueDate).toBe(day(53));
    const inner = d.explanation.find((s) => s.text.startsWith('Pause inner'));
    expect(inner?.text).toContain('already counted under another pause');
  });

  it('overlap is resolved the same whatever order the pauses are given in', () => {
    const a = pause('p1', day(15), day(24));
    const b = pause('p2', day(10), day(19));
    expect(run({ pauses: [a, b] }).dueDate).toBe(run({ pauses: [b, a] }).dueDate);
    expect(run({ pauses: [a, b] }).explanation).toEqual(run({ pauses: [b, a] }).explanation);
  });

  it('adjacent pauses both count in full', () => {
    const d = run({ pauses: [pause('p1', day(10), day(14)), pause('p2', day(15), day(19))] });
    expect(d.pausedDays).toBe(10);
    expect(d.dueDate).toBe(day(52));
  });

  it('away from the area: exactly 28 days is valid; only the days in the window count', () => {
    const d = run({ pauses: [pause('away', day(-7), day(20), 'away_from_area_4_weeks')] });
    expect(d.pausedDays).toBe(20);
    expect(d.dueDate).toBe(day(62));
    expect(d.explanation.find((s) => s.rule === 'pause')?.ref).toBe('SEND Regulations 2014 reg 8(2)(b)');
  });

  it('away from the area for less than 28 days is rejected, naming the field', () => {
    expect(() => run({ pauses: [pause('away', day(1), day(27), 'away_from_area_4_weeks')] })).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'pauses[0].to' }),
    );
    expect(() => run({ pauses: [pause('ok', day(1), day(2)), pause('away', day(1), day(27), 'away_from_area_4_weeks')] })).toThrow(
      /pauses\[1\]\.to: an away_from_area_4_weeks pause needs a continuous absence of at least 28 days .* is 27 days/,
    );
  });
});

describe('extensions', () => {
  it('add calendar days', () => {
    const d = run({ extensions: [extension('e1', 14)] });
    expect(d.extensionDays).toBe(14);
    expect(d.dueDate).toBe(day(56));
    const step = d.explanation.find((s) => s.rule === 'extension');
    expect(step).toMatchObject({ ref: 'SEND Regulations 2014 reg 8(2)(c)', date: day(56) });
    expect(step?.text).toContain('14 calendar days added');
    expect(step?.text).toContain('Recorded by Sam Coordinator');
  });

  it('several extensions add up', () => {
    expect(run({ extensions: [extension('e1', 3), extension('e2', 4, 'exceptional_personal_circumstances')] }).dueDate).toBe(day(49));
  });

  it('widen the window so later pause days count', () => {
    const withoutExt = run({ pauses: [pause('p1', day(45), day(46))] });
    expect(withoutExt.dueDate).toBe(day(42));
    const withExt = run({ pauses: [pause('p1', day(45), day(46))], extensions: [extension('e1', 7)] });
    expect(withExt.dueDate).toBe(day(51));
    expect(withExt.pausedDays).toBe(2);
  });

  it('explanation order: receipt, six weeks, extensions, pauses, due, calendar version', () => {
    const d = run({ pauses: [pause('p1', day(10), day(14))], extensions: [extension('e1', 7)] });
    expect(d.explanation.map((s) => s.rule)).toEqual([
      'receipt.received',
      'receipt.same_day',
      'statutory.six_weeks',
      'extension',
      'pause',
      'statutory.due',
      'calendar.version',
    ]);
    expect(d.explanation.find((s) => s.rule === 'statutory.due')?.date).toBe(d.dueDate);
  });
});

describe('invalid exception inputs', () => {
  const bad: [string, Partial<StatutoryDeadlineInput>, string, RegExp][] = [
    ['empty evidence', { pauses: [{ ...pause('p1', day(1), day(2)), evidence: '' }] }, 'pauses[0].evidence', /pauses\[0\]\.evidence must not be empty/],
    ['blank evidence', { pauses: [{ ...pause('p1', day(1), day(2)), evidence: '   ' }] }, 'pauses[0].evidence', /evidence/],
    ['empty recordedBy', { pauses: [{ ...pause('p1', day(1), day(2)), recordedBy: '' }] }, 'pauses[0].recordedBy', /pauses\[0\]\.recordedBy must not be empty/],
    ['extension empty evidence', { extensions: [{ ...extension('e1', 3), evidence: '' }] }, 'extensions[0].evidence', /extensions\[0\]\.evidence/],
    ['extension empty recordedBy', { extensions: [{ ...extension('e1', 3), recordedBy: '' }] }, 'extensions[0].recordedBy', /recordedBy/],
    ['extension 0 days', { extensions: [extension('e1', 0)] }, 'extensions[0].days', /extensions\[0\]\.days must be an integer >= 1/],
    ['extension negative days', { extensions: [extension('e1', -3)] }, 'extensions[0].days', /days/],
    ['extension fractional days', { extensions: [extension('e1', 1.5)] }, 'extensions[0].days', /days/],
    ['waiting list is not an exception', { pauses: [{ ...pause('p1', day(1), day(2)), kind: 'waiting_list' as never }] }, 'pauses[0].kind', /reg 8\(2\)/],
    ['school holidays are not an exception', { extensions: [{ ...extension('e1', 3), kind: 'school_holiday' as never }] }, 'extensions[0].kind', /kind must be one of/],
    ['to before from', { pauses: [pause('p1', day(5), day(4))] }, 'pauses[0].to', /must not be before/],
    ['bad from date', { pauses: [pause('p1', '2026-02-30', day(4))] }, 'pauses[0].from', /pauses\[0\]\.from must be a real calendar date/],
    ['bad recordedAt', { pauses: [{ ...pause('p1', day(1), day(2)), recordedAt: 'last Tuesday' }] }, 'pauses[0].recordedAt', /recordedAt/],
    ['missing id', { pauses: [{ ...pause('p1', day(1), day(2)), id: '' }] }, 'pauses[0].id', /id must not be empty/],
    ['duplicate id', { pauses: [pause('x', day(1), day(2))], extensions: [extension('x', 3)] }, 'extensions[0].id', /already used by pauses\[0\]/],
    ['pauses not an array', { pauses: 'none' as never }, 'pauses', /pauses must be an array/],
  ];
  it.each(bad)('%s', (_label, extra, field, message) => {
    let error: unknown;
    try {
      run(extra);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).field).toBe(field);
    expect((error as CalendarError).message).toMatch(message);
  });

  it('rejects a missing calendar', () => {
    expect(() => statutoryDeadline({ receivedAt: RECEIVED, policy, calendar: undefined as never })).toThrow(/calendar must be a HolidayCalendar/);
  });

  it('rejects a bad receipt timestamp', () => {
    expect(() => statutoryDeadline({ receivedAt: '2026-04-01 10:00', policy, calendar })).toThrow(
      expect.objectContaining({ field: 'receivedAt' }),
    );
  });

  it('throws for a receipt in a year the data does not cover', () => {
    expect(() => statutoryDeadline({ receivedAt: '2029-01-10T10:00:00Z', policy, calendar })).toThrow(
      expect.objectContaining({ code: 'year_not_covered' }),
    );
  });
});
