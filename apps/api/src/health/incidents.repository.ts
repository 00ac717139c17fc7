import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestIncident } from '@sendflow/domain';

/** The worker's projection activities, in the words a coordinator would use. */
const WHAT_FAILED: Record<string, string> = {
  projectRequest: "Saving the request's status to SENDflow's records",
  projectDeadline: 'Saving the statutory due date',
  projectTask: 'Adding a task to the task lists',
  appendTimeline: 'Adding an entry to the timeline',
  compileAdvice: 'Saving the compiled advice',
  recordNotKnown: "Recording a service's 'not known' answer",
};

/** The worker stores `database error <SQLSTATE>: <message>`; only the code leaves the database (the message can quote data). */
function sqlState(error: string): string | null {
  return /^database error ([0-9A-Z]{5})\b/.exec(error)?.[1] ?? null;
}

/** Activities that failed and have not recovered (written by the worker; see activity_incidents). */
@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Open incidents: non-retryable failures, or retrying ones whose last failure is recent (still stuck). */
  async countOpen(): Promise<{ nonRetryable: number; retrying: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE non_retryable)::int AS non_retryable,
              count(*) FILTER (WHERE NOT non_retryable AND last_failed_at > now() - interval '10 minutes')::int AS retrying
       FROM activity_incidents WHERE resolved_at IS NULL`,
    );
    return { nonRetryable: r?.non_retryable ?? 0, retrying: r?.retrying ?? 0 };
  }

  async openFor(requestId: string): Promise<RequestIncident[]> {
    const rows = await this.ds.query(
      `SELECT id, activity, error, non_retryable, attempts, first_failed_at, last_failed_at FROM activity_incidents
       WHERE request_id = $1 AND resolved_at IS NULL ORDER BY first_failed_at LIMIT 20`, [requestId]);
    return rows.map((r: Record<string, unknown>) => ({
      id: `INC-${String(r.id)}`, activity: String(r.activity), what: WHAT_FAILED[String(r.activity)] ?? `A background step (${String(r.activity)})`,
      errorCode: sqlState(String(r.error)), nonRetryable: Boolean(r.non_retryable), attempts: Number(r.attempts),
      firstFailedAt: new Date(r.first_failed_at as string).toISOString(), lastFailedAt: new Date(r.last_failed_at as string).toISOString(),
    }));
  }
}
