import { calendarDayTarget, CalendarError, capTargetAtDeadline, defaultHolidayCalendar as cal, target, workingDayTarget } from './index';

describe('workingDayTarget', () => {
  it('skips Christmas 2026 and explains which holidays it skipped', () => {
    const t = workingDayTarget('2026-12-23', 3, cal);
    expect(t.dueDate).toBe('2026-12-30');
    expect(t.explanation.map((s) => s.rule)).toEqual(['target.working_days', 'calendar.version']);
    expect(t.explanation[0].text).toBe(
      '3 working days after Wednesday 23 December 2026 is Wednesday 30 December 2026; weekends and bank holidays are not counted. ' +
        'Bank holidays skipped: Friday 25 December 2026 (Christmas Day) and Monday 28 December 2026 (Boxing Day).',
    );
  });

  it('10 working days over Easter 2026', () => {
    expect(workingDayTarget('2026-03-31', 10, cal).dueDate).toBe('2026-04-16');
  });

  it('0 days is the start date', () => {
    const t = workingDayTarget('2026-04-04', 0, cal);
    expect(t.dueDate).toBe('2026-04-04');
    expect(t.explanation[0].text).toContain('due on the start date');
  });

  it('validates', () => {
    expect(() => workingDayTarget('2026-04-31', 1, cal)).toThrow(/^startDate must be/);
    expect(() => workingDayTarget('2026-04-01', -1, cal)).toThrow(/^days must be a whole number >= 0/);
    expect(() => workingDayTarget('2028-12-20', 10, cal)).toThrow(expect.objectContaining({ code: 'year_not_covered' }));
  });
});

describe('calendarDayTarget', () => {
  it('counts every day', () => {
    const t = calendarDayTarget('2026-04-01', 10);
    expect(t.dueDate).toBe('2026-04-11');
    expect(t.explanation).toHaveLength(1);
    expect(t.explanation[0]).toMatchObject({ rule: 'target.calendar_days', date: '2026-04-11' });
  });

  it('needs no holiday data, so works for any year', () => {
    expect(calendarDayTarget('2035-12-20', 14).dueDate).toBe('2036-01-03');
  });

  it('validates', () => {
    expect(() => calendarDayTarget('2026-04-01', 2.5)).toThrow(CalendarError);
  });
});

describe('target dispatcher', () => {
  it('dispatches on unit', () => {
    expect(target('2026-04-02', { days: 1, unit: 'working' }, cal).dueDate).toBe('2026-04-07');
    expect(target('2026-04-02', { days: 1, unit: 'calendar' }, cal).dueDate).toBe('2026-04-03');
  });

  it('rejects an unknown unit or a missing spec', () => {
    expect(() => target('2026-04-02', { days: 1, unit: 'hours' as never }, cal)).toThrow(/spec\.unit must be 'working' or 'calendar'/);
    expect(() => target('2026-04-02', null as never, cal)).toThrow(expect.objectContaining({ field: 'spec' }));
  });
});

describe('capTargetAtDeadline', () => {
  it('keeps a target on or before the statutory due date as it is', () => {
    const t = workingDayTarget('2026-11-24', 3, cal);
    expect(capTargetAtDeadline(t, '2026-11-27')).toEqual({ ...t, capped: false });
    expect(capTargetAtDeadline(t, '2026-12-01')).toEqual({ ...t, capped: false });
  });

  it('brings a later target back to the statutory due date and says why', () => {
    // The case: allocation due 2 Dec on a request due 1 Dec.
    const t = workingDayTarget('2026-11-27', 3, cal);
    expect(t.dueDate).toBe('2026-12-02');
    const capped = capTargetAtDeadline(t, '2026-12-01');
    expect(capped.dueDate).toBe('2026-12-01');
    expect(capped.capped).toBe(true);
    expect(capped.explanation.map((s) => s.rule)).toEqual(['target.working_days', 'calendar.version', 'target.capped_at_statutory_deadline']);
    expect(capped.explanation[2].text).toBe(
      "The SOP target, Wednesday 2 December 2026, falls after the request's statutory due date, so the task is due on Tuesday 1 December 2026 instead.",
    );
  });

  it('validates the deadline', () => {
    expect(() => capTargetAtDeadline(calendarDayTarget('2026-11-27', 3), '2026-02-30')).toThrow(/^statutoryDueDate must be/);
  });
});
