import { ragColour, validateRagThresholds } from './rag';

const t = { redDays: 5, amberDays: 10 };

describe('ragColour', () => {
  it.each([
    [{ daysLeft: -1, overdue: true, anyTaskLate: false }, 'red'],
    [{ daysLeft: 20, overdue: true, anyTaskLate: false }, 'red'],
    [{ daysLeft: 5, overdue: false, anyTaskLate: false }, 'red'],
    [{ daysLeft: 6, overdue: false, anyTaskLate: false }, 'amber'],
    [{ daysLeft: 10, overdue: false, anyTaskLate: false }, 'amber'],
    [{ daysLeft: 11, overdue: false, anyTaskLate: false }, 'green'],
    [{ daysLeft: 30, overdue: false, anyTaskLate: true }, 'amber'],
    [{ daysLeft: 3, overdue: false, anyTaskLate: true }, 'red'],
  ] as const)('%j is %s', (input, colour) => {
    expect(ragColour(input, t)).toBe(colour);
  });
});

describe('validateRagThresholds', () => {
  it('accepts 0 <= red < amber <= 42', () => {
    expect(validateRagThresholds({ redDays: 0, amberDays: 42 })).toEqual({ redDays: 0, amberDays: 42 });
  });
  it.each([
    [{ redDays: 10, amberDays: 10 }, /RAG_AMBER_DAYS/],
    [{ redDays: 12, amberDays: 10 }, /RAG_AMBER_DAYS/],
    [{ redDays: -1, amberDays: 10 }, /RAG_RED_DAYS/],
    [{ redDays: 1.5, amberDays: 10 }, /RAG_RED_DAYS/],
    [{ redDays: 5, amberDays: 43 }, /RAG_AMBER_DAYS/],
  ])('refuses %j naming the setting', (value, name) => {
    expect(() => validateRagThresholds(value)).toThrow(name);
  });
});
