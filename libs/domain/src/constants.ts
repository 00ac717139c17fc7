/** Names that several apps must agree on: declared once here, never repeated as literals. */
export const TASK_QUEUE = 'sendflow-requests';
export const INTERPRETER_WORKFLOW_TYPE = 'sopInterpreterWorkflow';
/** Child workflow running one allocated service's part of a per-service block. */
export const BRANCH_WORKFLOW_TYPE = 'serviceBranchWorkflow';
/** One per correction of returned advice: issues and delivers the next version of the document. */
export const CORRECTION_WORKFLOW_TYPE = 'adviceCorrectionWorkflow';
/** The daily notification digest, started by a Temporal Schedule. */
export const DIGEST_WORKFLOW_TYPE = 'notificationDigestWorkflow';
/** Search attributes registered on the Temporal server (see infra/processes.mjs). */
export const SEARCH_ATTRIBUTES = { status: 'SendflowStatus', localAuthority: 'SendflowLa', statutoryDue: 'SendflowDue' } as const;
/** England: statutory dates and working days are local to this zone. */
export const TRUST_TIME_ZONE = 'Europe/London';
