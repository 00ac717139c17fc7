/**
 * The SOP library as workflow code needs it: graph walking and the model's types, without the zod
 * schemas, the HTTP contract, the diff or the seed data (the workflow bundle maps `@sendflow/sop`
 * here; see libs/domain/src/core.ts for why). The SOP was validated when it was published.
 */
export * from './graph.util';
export type * from './sop.model';
