/**
 * The SOP library without its HTTP contract, diff and seed data: what workflow code may load
 * (the workflow bundle maps `@sendflow/sop` here; see libs/domain/src/core.ts for why).
 */
export * from './sop.model';
export * from './graph.util';
export * from './sop.validation';
