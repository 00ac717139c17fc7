import { daysLeftText, ragReason } from './rag-reason';

const t = { redDays: 5, amberDays: 10 };
const row = (over: Partial<Parameters<typeof ragReason>[0]>) => ({ rag: 'green' as const, daysLeft: 20, overdue: false, openTasks: [], ...over });

describe('caseload colour reasons', () => {
  it('says how late an overdue request is', () => {
    expect(ragReason(row({ rag: 'red', daysLeft: -3, overdue: true }), t)).toBe('Overdue by 3 days');
    expect(ragReason(row({ rag: 'red', daysLeft: -1, overdue: true }), t)).toBe('Overdue by 1 day');
  });
  it('names the threshold a red or amber crossed', () => {
    expect(ragReason(row({ rag: 'red', daysLeft: 4 }), t)).toBe('4 days left (red at 5 or fewer)');
    expect(ragReason(row({ rag: 'amber', daysLeft: 9 }), t)).toBe('9 days left (amber at 10 or fewer)');
  });
  it('names the late task when that is why it is amber', () => {
    expect(ragReason(row({ rag: 'amber', daysLeft: 25, openTasks: [{ label: 'Triage request', late: true }] }), t)).toBe('Task past its target: Triage request');
  });
  it('green and closed', () => {
    expect(ragReason(row({}), t)).toBe('On track: 20 days left');
    expect(ragReason(row({ rag: null }), t)).toBe('Closed');
  });
  it('days left in words', () => {
    expect(daysLeftText(0, false)).toBe('Due today');
    expect(daysLeftText(1, false)).toBe('1 day left');
  });
});
