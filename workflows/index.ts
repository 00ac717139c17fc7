/** Entry point of the workflow bundle and of the types the API and worker share with it. */
export { sopInterpreterWorkflow } from './sop-interpreter.workflow';
export { serviceBranchWorkflow } from './service-branch.workflow';
export { adviceCorrectionWorkflow } from './advice-correction.workflow';
export { notificationDigestWorkflow } from './notification-digest.workflow';
export * from './messages';
export * from './request-state';
export type * from './activities.contract';
export { PROJECTION_DATA_ERROR } from './activities.contract';
export * from './search-attributes';
