/**
 * The domain library without its HTTP contracts: what workflow code may load. The workflow bundle
 * maps `@sendflow/domain` here (workflows/tsconfig.bundle.json) because the worker evaluates a
 * workflow's modules once per cached workflow, and the contracts' zod schemas were most of the
 * 3.1 MB each cached request cost (README, Performance).
 */
export * from './constants';
export * from './roles';
export * from './services';
export * from './request';
export * from './timeline';
export * from './forms';
export * from './rag';
export * from './task-access';
export * from './advice-document';
export * from './form-definition';
export * from './form-schema';
