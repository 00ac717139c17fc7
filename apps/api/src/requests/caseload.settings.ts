import { z } from 'zod';
import { DEFAULT_RAG_THRESHOLDS, validateRagThresholds, type RagThresholds } from '@sendflow/domain';
import type { EnvRefinement } from '@sendflow/platform';

const wholeDays = z.string().trim().regex(/^\d+$/, 'must be a whole number of days').transform(Number);

/** The trust's red/amber/green thresholds: one fragment of the API's environment schema. */
export const caseloadEnv = z.object({
  RAG_RED_DAYS: wholeDays.default(DEFAULT_RAG_THRESHOLDS.redDays),
  RAG_AMBER_DAYS: wholeDays.default(DEFAULT_RAG_THRESHOLDS.amberDays),
});

export type CaseloadEnv = z.output<typeof caseloadEnv>;

export const refineCaseloadEnv: EnvRefinement = (c, ctx) => {
  if (typeof c.RAG_RED_DAYS !== 'number' || typeof c.RAG_AMBER_DAYS !== 'number') return;
  try {
    validateRagThresholds({ redDays: c.RAG_RED_DAYS, amberDays: c.RAG_AMBER_DAYS });
  } catch (err) {
    const message = (err as Error).message;
    const name = message.startsWith('RAG_RED_DAYS') ? 'RAG_RED_DAYS' : 'RAG_AMBER_DAYS';
    ctx.addIssue({ code: 'custom', path: [name], message: message.slice(name.length + 1) });
  }
};

/** RAG_RED_DAYS (default 5) and RAG_AMBER_DAYS (default 10), from the API's configuration checked at start-up. */
export class CaseloadSettings {
  readonly rag: RagThresholds;

  constructor(c: CaseloadEnv) {
    this.rag = { redDays: c.RAG_RED_DAYS, amberDays: c.RAG_AMBER_DAYS };
  }
}
