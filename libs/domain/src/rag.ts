/**
 * Red / amber / green on the caseload. The rule lives here once; the API turns the same bounds
 * into SQL so that filters, counts and each row's colour agree.
 *   red:   overdue, or `redDays` or fewer calendar days left
 *   amber: `amberDays` or fewer left, or any open task past its target
 *   green: otherwise
 */
export const RAG_COLOURS = ['red', 'amber', 'green'] as const;
export type RagColour = (typeof RAG_COLOURS)[number];

export interface RagThresholds { redDays: number; amberDays: number }
export const DEFAULT_RAG_THRESHOLDS: RagThresholds = { redDays: 5, amberDays: 10 };

export function ragColour(input: { daysLeft: number; overdue: boolean; anyTaskLate: boolean }, t: RagThresholds): RagColour {
  if (input.overdue || input.daysLeft <= t.redDays) return 'red';
  if (input.daysLeft <= t.amberDays || input.anyTaskLate) return 'amber';
  return 'green';
}

/** Throws with the setting's name unless 0 <= red < amber (whole days). */
export function validateRagThresholds(t: RagThresholds, names = { red: 'RAG_RED_DAYS', amber: 'RAG_AMBER_DAYS' }): RagThresholds {
  if (!Number.isInteger(t.redDays) || t.redDays < 0 || t.redDays > 42) throw new Error(`${names.red} must be a whole number of days from 0 to 42 (got ${t.redDays})`);
  if (!Number.isInteger(t.amberDays) || t.amberDays <= t.redDays || t.amberDays > 42) {
    throw new Error(`${names.amber} must be a whole number of days greater than ${names.red} (${t.redDays}) and at most 42 (got ${t.amberDays})`);
  }
  return t;
}
