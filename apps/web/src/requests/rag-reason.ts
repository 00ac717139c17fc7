import type { RagColour, RagThresholds } from '@sendflow/domain';

/**
 * Why a caseload row has its colour, in words, from the fields the API answered. The colour
 * itself is the API's (libs/domain `ragColour`, mirrored in its SQL); this only explains it, so a
 * coordinator sees at a glance whether a red is "overdue" or "3 days left".
 */
export interface RagInput {
  rag: RagColour | null;
  daysLeft: number;
  overdue: boolean;
  openTasks: readonly { label: string; late: boolean }[];
}

export function daysLeftText(daysLeft: number, overdue: boolean): string {
  if (overdue || daysLeft < 0) {
    const late = Math.abs(daysLeft);
    return late === 0 ? 'Due today (overdue)' : `Overdue by ${late} day${late === 1 ? '' : 's'}`;
  }
  if (daysLeft === 0) return 'Due today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

export function ragReason(r: RagInput, t: RagThresholds): string {
  const lateTask = r.openTasks.find((x) => x.late);
  switch (r.rag) {
    case 'red':
      return r.overdue || r.daysLeft < 0 ? daysLeftText(r.daysLeft, true) : `${daysLeftText(r.daysLeft, false)} (red at ${t.redDays} or fewer)`;
    case 'amber':
      if (r.daysLeft <= t.amberDays) return `${daysLeftText(r.daysLeft, false)} (amber at ${t.amberDays} or fewer)`;
      return lateTask ? `Task past its target: ${lateTask.label}` : 'A task is past its target';
    case 'green':
      return `On track: ${daysLeftText(r.daysLeft, false)}`;
    default:
      return 'Closed';
  }
}

export const RAG_LABEL: Record<RagColour, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
/** What each colour means, for the counts at the top of the caseload. */
export function ragMeaning(c: RagColour, t: RagThresholds): string {
  if (c === 'red') return `Overdue, or ${t.redDays} days or fewer left`;
  if (c === 'amber') return `${t.amberDays} days or fewer left, or a task past its target`;
  return `More than ${t.amberDays} days left, every task on target`;
}
