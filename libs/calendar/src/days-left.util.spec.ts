import { daysLeft } from './index';

describe('daysLeft', () => {
  it('counts calendar days from the local date, 0 on the day, negative after', () => {
    expect(daysLeft('2026-12-01', '2026-11-27T10:00:00Z', 'Europe/London')).toBe(4);
    expect(daysLeft('2026-12-01', '2026-12-01T23:30:00Z', 'Europe/London')).toBe(0);
    expect(daysLeft('2026-12-01', '2026-12-03T09:00:00Z', 'Europe/London')).toBe(-2);
  });

  it('uses the local date, not UTC (23:30 UTC in summer is already tomorrow in London)', () => {
    expect(daysLeft('2026-07-02', '2026-06-30T23:30:00Z', 'Europe/London')).toBe(1);
  });
});
