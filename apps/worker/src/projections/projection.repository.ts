import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { PROJECTION_DATA_ERROR } from '@sendflow/workflows';
import type { ExplanationStep } from '@sendflow/calendar';
import type { DeadlineState, InterpreterInput, RequestState, TaskState, TimelineEntry } from '@sendflow/workflows';

/**
 * Failed queries are logged by the worker and stored in workflow history as activity failures:
 * strip the parameters (children's data) and keep only the database's reason.
 */
export function queryWithoutParameters(dataSource: Pick<DataSource, 'query'>): Pick<DataSource, 'query'> {
  return {
    query: async (sql: string, params?: unknown[]) => {
      try {
        return await dataSource.query(sql, params);
      } catch (err) {
        const e = (err as { driverError?: { code?: string; message?: string } }).driverError ?? (err as { code?: string; message?: string });
        const message = `database error ${e.code ?? ''}: ${e.message ?? 'unknown'}`.slice(0, 300);
        // Bad data (class 22) or a broken constraint (class 23) fails the same way on every
        // retry: non-retryable, so it becomes an incident instead of a silent endless retry.
        if (typeof e.code === 'string' && /^2[23]/.test(e.code)) throw ApplicationFailure.nonRetryable(message, PROJECTION_DATA_ERROR);
        throw new Error(message);
      }
    },
  } as Pick<DataSource, 'query'>;
}

/**
 * All SQL the worker runs. Every write is an idempotent upsert keyed by an id the workflow
 * chose, so an activity retried after a crash writes the same row once.
 */
export class ProjectionRepository {
  private readonly ds: Pick<DataSource, 'query'>;

  constructor(dataSource: DataSource) {
    this.ds = queryWithoutParameters(dataSource);
  }

  /**
   * Records a failed attempt of an activity (ids, name and error code only), or, with `resolved`,
   * closes the execution's incident once a retry succeeds.
   */
  async recordIncident(i: { requestId: string | null; workflowId: string; runId: string; activityId: string; activity: string; error: string; nonRetryable: boolean; attempts: number }): Promise<void> {
    await this.ds.query(
      `INSERT INTO activity_incidents (request_id, workflow_id, run_id, activity_id, activity, error, non_retryable, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workflow_id, run_id, activity_id) DO UPDATE SET error = EXCLUDED.error, non_retryable = EXCLUDED.non_retryable,
         attempts = EXCLUDED.attempts, last_failed_at = now(), resolved_at = NULL`,
      [i.requestId, i.workflowId, i.runId, i.activityId, i.activity, i.error.slice(0, 300), i.nonRetryable, i.attempts],
    );
  }

  async resolveIncident(workflowId: string, runId: string, activityId: string): Promise<void> {
    await this.ds.query(`UPDATE activity_incidents SET resolved_at = now() WHERE workflow_id = $1 AND run_id = $2 AND activity_id = $3 AND resolved_at IS NULL`, [workflowId, runId, activityId]);
  }

  /** After a rebuild rewrote every projection of a workflow from its history, nothing it failed to write is missing any more. */
  async resolveIncidentsOf(workflowId: string): Promise<number> {
    const rows = await this.ds.query(`UPDATE activity_incidents SET resolved_at = now() WHERE workflow_id = $1 AND resolved_at IS NULL RETURNING id`, [workflowId]);
    return Array.isArray(rows[0]) ? rows[0].length : rows.length;
  }

  /** Child identifiers live only in the row the API wrote; the workflow carries no personal data. */
  async ensureRequestExists(input: InterpreterInput): Promise<boolean> {
    return this.requestExists(input.requestId);
  }

  async requestExists(requestId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM requests WHERE id = $1`, [requestId]);
    return rows.length > 0;
  }

  async updateDeadline(requestId: string, d: DeadlineState, overdue: boolean): Promise<void> {
    const exceptions = [...d.pauses.map((p) => ({ type: 'pause', ...p })), ...d.extensions.map((e) => ({ type: 'extension', ...e }))];
    await this.ds.query(
      `UPDATE requests SET statutory_due_date = $2, statutory_due_at = $3, base_due_date = $4, deadline_explanation = $5, deadline_exceptions = $6,
         overdue = $7, updated_at = now() WHERE id = $1`,
      [requestId, d.dueDate, d.dueAt, d.baseDueDate, JSON.stringify(d.explanation), JSON.stringify(exceptions), overdue],
    );
  }

  async updateRequest(state: Omit<RequestState, 'tasks' | 'branches'>): Promise<void> {
    await this.ds.query(
      `UPDATE requests SET status = $2, overdue = $3, allocated_services = $4, updated_at = now() WHERE id = $1`,
      [state.requestId, state.status, state.overdue, state.allocatedServices],
    );
  }

  /**
   * `at` is when the workflow scheduled the write (from the activity's info or, in a rebuild,
   * the history event), so a retry or a rebuild records the time the step happened.
   */
  async upsertTask(requestId: string, workflowId: string, t: TaskState, dueDate: string | null, at: Date = new Date(), dueExplanation?: ExplanationStep[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO tasks (id, request_id, workflow_id, node_path, label, role, service_scoped, service_code, form, outcomes, status, attempt, due_date, outcome, data, completed_by, completed_at, assignee_id, opened_at, due_explanation)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16, CASE WHEN $11::varchar = 'completed' THEN $18::timestamptz END, $17, $18, $19)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, outcome = EXCLUDED.outcome, data = EXCLUDED.data,
         completed_by = EXCLUDED.completed_by, due_date = COALESCE(EXCLUDED.due_date, tasks.due_date), assignee_id = EXCLUDED.assignee_id,
         due_explanation = COALESCE(EXCLUDED.due_explanation, tasks.due_explanation),
         completed_at = COALESCE(tasks.completed_at, EXCLUDED.completed_at), updated_at = now()`,
      [t.id, requestId, workflowId, t.nodePath, t.label, t.role, t.serviceScoped, t.serviceCode, t.form, JSON.stringify(t.outcomes),
        t.status, t.attempt, dueDate, t.outcome ?? null, t.data === undefined ? null : JSON.stringify(t.data), t.completedBy ?? null,
        t.assigneeId ?? null, at.toISOString(), dueExplanation ? JSON.stringify(dueExplanation) : null],
    );
  }

  /**
   * One statement writes the timeline entry and its audit record (actor: the user who caused it,
   * or `system` for the workflow's own steps), so neither exists without the other.
   */
  async appendTimeline(requestId: string, e: TimelineEntry, at: Date = new Date()): Promise<void> {
    const seq = Number(e.id.slice(e.id.lastIndexOf('#') + 1));
    const audit = { kind: e.kind, summary: e.summary, nodeId: e.nodeId, taskId: e.taskId, serviceCode: e.serviceCode, data: e.data };
    await this.ds.query(
      `WITH timeline AS (
         INSERT INTO timeline_events (id, request_id, seq, kind, summary, node_id, task_id, service_code, actor_id, data, at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (id) DO NOTHING
       )
       INSERT INTO audit_events (at, actor_id, action, entity, entity_id, request_id, after, source_event_id)
       VALUES ($11, COALESCE($9, 'system'), $12, $13, COALESCE($7::text, $2::text), $2, $14, $1)
       ON CONFLICT (source_event_id) WHERE source_event_id IS NOT NULL DO NOTHING`,
      [e.id, requestId, seq, e.kind, e.summary.slice(0, 500), e.nodeId ?? null, e.taskId ?? null, e.serviceCode ?? null, e.actorId ?? null,
        e.data === undefined ? null : JSON.stringify(e.data), at.toISOString(), `workflow.${e.kind}`, e.taskId ? 'task' : 'request', JSON.stringify(audit)],
    );
  }

  async setCompiledAdvice(requestId: string, advice: unknown): Promise<void> {
    await this.ds.query(`UPDATE requests SET compiled_advice = $2, updated_at = now() WHERE id = $1`, [requestId, JSON.stringify(advice)]);
  }

  /** Records the return once; a retry keeps the first timestamp, which is the evidence. */
  async markReturned(requestId: string, details: unknown, at?: Date): Promise<string> {
    const rows: { returned_at: Date }[] = await this.ds.query(
      `UPDATE requests SET returned_at = COALESCE(returned_at, $3::timestamptz, now()), return_details = COALESCE(return_details, $2::jsonb), updated_at = now()
       WHERE id = $1 RETURNING returned_at`,
      [requestId, JSON.stringify(details), at?.toISOString() ?? null],
    );
    const row = Array.isArray(rows[0]) ? (rows[0] as unknown as { returned_at: Date }[])[0] : rows[0];
    return new Date(row.returned_at).toISOString();
  }

  /** `at` (when the workflow recorded it) is the not-known response's moment, which timeliness reports count; a retry keeps the first. */
  async setNotKnown(requestId: string, details: unknown, at: Date = new Date()): Promise<void> {
    await this.ds.query(`UPDATE requests SET not_known_details = $2, not_known_at = COALESCE(not_known_at, $3::timestamptz), updated_at = now() WHERE id = $1`,
      [requestId, JSON.stringify(details), at.toISOString()]);
  }
}
