import { assigneeFitsTask, mayActOnTask, mayAssignTask, mayClaimTask, mayReleaseTask, maySeeTask } from './task-access';

const sltDraft = { role: 'practitioner', serviceScoped: true, serviceCode: 'SLT', assigneeId: null as string | null };
const sltReview = { role: 'qa_reviewer', serviceScoped: false, serviceCode: 'SLT', assigneeId: null };
const triage = { role: 'coordinator', serviceScoped: false, serviceCode: null, assigneeId: null };
const slt = { userId: 'u-slt', roles: ['practitioner'], services: ['SLT'] };
const ot = { userId: 'u-ot', roles: ['practitioner'], services: ['OT'] };
const leadSlt = { userId: 'u-lead', roles: ['service_lead'], services: ['SLT'] };
const coordinator = { userId: 'u-coord', roles: ['coordinator'], services: [] };

describe('task access: one set of rules for workflow, API and web', () => {
  it('acting needs the role and, for service work, the service', () => {
    expect(mayActOnTask(slt, sltDraft)).toBe(true);
    expect(mayActOnTask(ot, sltDraft)).toBe(false);
    expect(mayActOnTask(leadSlt, sltDraft)).toBe(false);
    expect(mayActOnTask(coordinator, triage)).toBe(true);
  });

  it('a lead sees their service work, including its review; others do not', () => {
    expect(maySeeTask(leadSlt, sltDraft)).toBe(true);
    expect(maySeeTask(leadSlt, sltReview)).toBe(true);
    expect(maySeeTask(ot, sltDraft)).toBe(false);
  });

  it('leads assign their service work, the coordinator any', () => {
    expect(mayAssignTask(leadSlt, sltDraft)).toBe(true);
    expect(mayAssignTask(leadSlt, triage)).toBe(false);
    expect(mayAssignTask(coordinator, sltDraft)).toBe(true);
    expect(mayAssignTask(slt, sltDraft)).toBe(false);
  });

  it('claim: free tasks one may act on; release: the holder or an assigner', () => {
    expect(mayClaimTask(slt, sltDraft)).toBe(true);
    expect(mayClaimTask(slt, { ...sltDraft, assigneeId: 'someone' })).toBe(false);
    expect(mayClaimTask(ot, sltDraft)).toBe(false);
    expect(mayReleaseTask(slt, { ...sltDraft, assigneeId: 'u-slt' })).toBe(true);
    expect(mayReleaseTask(slt, { ...sltDraft, assigneeId: 'someone' })).toBe(false);
    expect(mayReleaseTask(leadSlt, { ...sltDraft, assigneeId: 'someone' })).toBe(true);
  });

  it('the assignee must be able to do the work', () => {
    expect(assigneeFitsTask(slt, sltDraft)).toEqual({ ok: true });
    expect(assigneeFitsTask(ot, sltDraft)).toEqual({ ok: false, message: 'the user is not a member of service SLT' });
    expect(assigneeFitsTask(coordinator, sltDraft).ok).toBe(false);
  });
});
