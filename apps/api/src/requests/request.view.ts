import type { RequestRecordResponse } from '@sendflow/domain';
import type { RequestEntity, TaskEntity, TimelineEventEntity } from '@sendflow/persistence';

/** The JSON shape of a request; dates as ISO strings, child details grouped. */
export function requestView(r: RequestEntity): RequestRecordResponse {
  return {
    id: r.id,
    workflowId: r.workflowId,
    localAuthorityCode: r.localAuthorityCode,
    laReference: r.laReference,
    child: { givenName: r.childGivenName, familyName: r.childFamilyName, dateOfBirth: r.childDateOfBirth, nhsNumber: r.nhsNumber },
    ehcpFlag: r.ehcpFlag,
    adviceType: r.adviceType,
    receivedAt: new Date(r.receivedAt).toISOString(),
    effectiveReceiptDate: r.effectiveReceiptDate,
    statutoryDueDate: r.statutoryDueDate,
    statutoryDueAt: new Date(r.statutoryDueAt).toISOString(),
    // jsonb written only by libs/calendar's explanation and the workflow's recorded exceptions.
    deadlineExplanation: r.deadlineExplanation as RequestRecordResponse['deadlineExplanation'],
    baseDueDate: r.baseDueDate,
    deadlineExceptions: r.deadlineExceptions as RequestRecordResponse['deadlineExceptions'],
    laDueDate: r.laDueDate,
    status: r.status,
    overdue: r.overdue,
    allocatedServices: r.allocatedServices,
    sopVersionId: r.sopVersionId,
    imported: r.imported,
    returnedAt: r.returnedAt ? new Date(r.returnedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export function taskView(t: TaskEntity) {
  return {
    id: t.id,
    requestId: t.requestId,
    nodePath: t.nodePath,
    label: t.label,
    role: t.role,
    serviceScoped: t.serviceScoped,
    serviceCode: t.serviceCode,
    form: t.form,
    outcomes: t.outcomes,
    status: t.status,
    attempt: t.attempt,
    dueDate: t.dueDate,
    dueExplanation: t.dueExplanation ?? null,
    outcome: t.outcome,
    data: t.data,
    completedBy: t.completedBy,
    assigneeId: t.assigneeId,
    completedAt: t.completedAt ? new Date(t.completedAt).toISOString() : null,
    openedAt: new Date(t.openedAt).toISOString(),
  };
}

export function timelineView(e: TimelineEventEntity) {
  return { id: e.id, seq: e.seq, kind: e.kind, at: new Date(e.at).toISOString(), summary: e.summary, nodeId: e.nodeId, taskId: e.taskId, serviceCode: e.serviceCode, actorId: e.actorId, data: e.data };
}
