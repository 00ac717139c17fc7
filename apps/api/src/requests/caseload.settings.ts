import { Injectable } from '@nestjs/common';
import { DEFAULT_RAG_THRESHOLDS, validateRagThresholds, type RagThresholds } from '@sendflow/domain';

function wholeDays(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number of days (got "${env[name]}")`);
  return Number(raw);
}

/**
 * The trust's red/amber/green thresholds (RAG_RED_DAYS, default 5; RAG_AMBER_DAYS, default 10),
 * read once when the API starts: a bad value stops the start naming the variable.
 */
@Injectable()
export class CaseloadSettings {
  readonly rag: RagThresholds;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.rag = validateRagThresholds({
      redDays: wholeDays(env, 'RAG_RED_DAYS', DEFAULT_RAG_THRESHOLDS.redDays),
      amberDays: wholeDays(env, 'RAG_AMBER_DAYS', DEFAULT_RAG_THRESHOLDS.amberDays),
    });
  }
}
