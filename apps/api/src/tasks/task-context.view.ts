import { daysLeft } from '@sendflow/calendar';
import { TRUST_TIME_ZONE, type AuditCriterion, type QaReview, type RequestDocument } from '@sendflow/domain';
import type { TaskDraftEntity, TaskEntity } from '@sendflow/persistence';
import { taskView } from '../requests/request.view';
import type { TaskRequestContext } from './tasks.repository';

/** The request facts every task shows: the child, the LA, when the advice is due and how many days are left. */
export function requestContextView(ctx: TaskRequestContext | undefined, documents: RequestDocument[], nowIso: string) {
  if (!ctx) return { request: null, daysLeft: null, documents };
  return {
    request: {
      id: ctx.requestId,
      laReference: ctx.laReference,
      localAuthorityCode: ctx.localAuthorityCode,
      localAuthorityName: ctx.localAuthorityName,
      child: { givenName: ctx.childGivenName, familyName: ctx.childFamilyName },
      statutoryDueDate: ctx.statutoryDueDate,
      laDueDate: ctx.laDueDate,
      status: ctx.status,
    },
    daysLeft: daysLeft(ctx.statutoryDueDate, nowIso, TRUST_TIME_ZONE),
    documents,
  };
}

export function draftView(d: TaskDraftEntity | null) {
  return d ? { outcome: d.outcome, data: d.data, savedAt: new Date(d.savedAt).toISOString(), savedBy: d.savedBy, revision: d.revision } : null;
}

/** The reviewer's verdicts and comments on the previous attempt, keyed so the web can show each beside what it concerns. */
export function reviewFeedbackView(review: TaskEntity, criteria: readonly AuditCriterion[]) {
  const data = (review.data ?? {}) as Partial<QaReview> & { criteria?: Record<string, { result?: string; comment?: string } | undefined> };
  return {
    taskId: review.id,
    outcome: review.outcome,
    reviewedBy: review.completedBy,
    reviewedAt: review.completedAt ? new Date(review.completedAt).toISOString() : null,
    comments: data.comments ?? null,
    criteriaVersion: typeof (review.data as { criteriaVersion?: unknown } | null)?.criteriaVersion === 'number' ? (review.data as { criteriaVersion: number }).criteriaVersion : null,
    // The request's pinned criteria, those asked (active) or answered.
    criteria: criteria.filter((c) => c.active !== false || data.criteria?.[c.id]).map((c) => ({ id: c.id, text: c.text, result: data.criteria?.[c.id]?.result ?? null, comment: data.criteria?.[c.id]?.comment ?? null })),
    sectionComments: data.sectionComments ?? {},
  };
}

export type TaskContextView = ReturnType<typeof taskView> & ReturnType<typeof requestContextView> & { assigneeName: string | null };
