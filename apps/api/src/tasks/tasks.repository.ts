import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ListTasksQuery, Role } from '@sendflow/domain';
import { TaskDraftEntity, TaskEntity } from '@sendflow/persistence';

/** What a task view says about its request: who the child is, which LA, and when the advice is due. */
export interface TaskRequestContext {
  requestId: string;
  laReference: string;
  localAuthorityCode: string;
  localAuthorityName: string | null;
  childGivenName: string;
  childFamilyName: string;
  statutoryDueDate: string;
  laDueDate: string | null;
  status: string;
}

/** Where the previous page ended, in the list's order: due date (null last), opened (to the microsecond, as text), id. */
export interface TaskListCursor { d: string | null; o: string; id: string }

@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string): Promise<TaskEntity | null> {
    return this.ds.getRepository(TaskEntity).findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<TaskEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.ds.getRepository(TaskEntity).createQueryBuilder('t').where('t.id = ANY(:ids::uuid[])', { ids }).getMany();
  }

  /**
   * A page of a user's work list: tasks for one of their roles (service-scoped ones only of their
   * services), and a lead's services' work. Ordered by due date (none last), then opened, then id:
   * the id makes the order total, so pages never repeat or skip a row, and the keyset after the
   * cursor reads ix_tasks_open_due in order instead of sorting or skipping rows. One row more than
   * the page says whether there is a next one.
   */
  async listFor(q: ListTasksQuery, userId: string, roles: Role[], services: string[], after: TaskListCursor | null): Promise<{ tasks: TaskEntity[]; next: TaskListCursor | null }> {
    const qb = this.ds.getRepository(TaskEntity).createQueryBuilder('t')
      .addSelect(`to_char(t.due_date, 'YYYY-MM-DD')`, 'cursor_d').addSelect('t.opened_at::text', 'cursor_o')
      .where('t.status = :status', { status: q.status ?? 'open' })
      // A service lead oversees (and assigns) all of their services' work, whatever its role.
      .andWhere(`((t.role = ANY(:roles::text[]) AND (t.service_scoped = false OR t.service_code = ANY(:services::text[])))
        OR (:lead AND t.service_code IS NOT NULL AND t.service_code = ANY(:services::text[])))`, { roles, services, lead: roles.includes('service_lead') });
    if (q.serviceCode) qb.andWhere('t.service_code = :svc', { svc: q.serviceCode });
    if (q.requestId) qb.andWhere('t.request_id = :rid', { rid: q.requestId });
    if (q.form) qb.andWhere('t.form = :form', { form: q.form });
    if (q.assignee === 'me') qb.andWhere('t.assignee_id = :me', { me: userId });
    if (q.assignee === 'unassigned') {
      // The queue: work nobody holds that the caller could pick up themselves.
      qb.andWhere('t.assignee_id IS NULL')
        .andWhere('t.role = ANY(:roles::text[]) AND (t.service_scoped = false OR t.service_code = ANY(:services::text[]))', { roles, services });
    }
    if (after) {
      const rest = '(t.opened_at, t.id) > (:afterO::timestamptz, :afterId::uuid)';
      qb.andWhere(after.d === null
        ? `(t.due_date IS NULL AND ${rest})`
        : `(t.due_date > :afterD::date OR t.due_date IS NULL OR (t.due_date = :afterD::date AND ${rest}))`, { afterD: after.d, afterO: after.o, afterId: after.id });
    }
    const limit = q.limit ?? 50;
    const { entities, raw } = await qb.orderBy('t.due_date', 'ASC', 'NULLS LAST').addOrderBy('t.opened_at', 'ASC').addOrderBy('t.id', 'ASC')
      .limit(limit + 1).getRawAndEntities<{ cursor_d: string | null; cursor_o: string }>();
    const tasks = entities.slice(0, limit);
    const last = tasks.length ? raw[tasks.length - 1] : undefined;
    return { tasks, next: entities.length > limit && last ? { d: last.cursor_d, o: last.cursor_o, id: tasks[tasks.length - 1].id } : null };
  }

  /** Open tasks a person holds, for moving them all at once (bounded by the caller). */
  async openAssignedTo(userId: string, limit: number): Promise<TaskEntity[]> {
    return this.ds.getRepository(TaskEntity).createQueryBuilder('t')
      .where('t.assignee_id = :userId AND t.status = :open', { userId, open: 'open' })
      .orderBy('t.due_date', 'ASC', 'NULLS LAST').addOrderBy('t.id', 'ASC').take(limit).getMany();
  }

  async requestContexts(requestIds: string[]): Promise<Map<string, TaskRequestContext>> {
    if (!requestIds.length) return new Map();
    const rows: TaskRequestContext[] = await this.ds.query(
      `SELECT r.id AS "requestId", r.la_reference AS "laReference", r.local_authority_code AS "localAuthorityCode", la.name AS "localAuthorityName",
              r.child_given_name AS "childGivenName", r.child_family_name AS "childFamilyName", to_char(r.statutory_due_date, 'YYYY-MM-DD') AS "statutoryDueDate",
              to_char(r.la_due_date, 'YYYY-MM-DD') AS "laDueDate", r.status
         FROM requests r LEFT JOIN local_authorities la ON la.code = r.local_authority_code
        WHERE r.id = ANY($1::uuid[])`,
      [[...new Set(requestIds)]],
    );
    return new Map(rows.map((r) => [r.requestId, r]));
  }

  /** The latest completed task at `form` for the same request and service, opened before `before`. */
  async latestCompleted(requestId: string, serviceCode: string | null, form: string, outcome?: string): Promise<TaskEntity | null> {
    const qb = this.ds.getRepository(TaskEntity).createQueryBuilder('t')
      .where('t.request_id = :requestId AND t.form = :form AND t.status = :done', { requestId, form, done: 'completed' });
    if (serviceCode === null) qb.andWhere('t.service_code IS NULL');
    else qb.andWhere('t.service_code = :serviceCode', { serviceCode });
    if (outcome) qb.andWhere('t.outcome = :outcome', { outcome });
    return qb.orderBy('t.completed_at', 'DESC', 'NULLS LAST').addOrderBy('t.opened_at', 'DESC').addOrderBy('t.id', 'DESC').getOne();
  }

  /** The author details (name, role, registration) on the user's last submitted pro forma, and its task; null if none. */
  async lastAuthorDetails(userId: string): Promise<{ taskId: string; author: Record<string, unknown> } | null> {
    const rows: { id: string; author: Record<string, unknown> | null }[] = await this.ds.query(
      `SELECT id, data->'author' AS author FROM tasks
        WHERE form = 'pro_forma' AND status = 'completed' AND completed_by = $1 AND completed_at IS NOT NULL AND jsonb_typeof(data->'author') = 'object'
        ORDER BY completed_at DESC LIMIT 1`,
      [userId],
    );
    return rows[0]?.author ? { taskId: rows[0].id, author: rows[0].author } : null;
  }

  async activeUser(id: string): Promise<{ userId: string; roles: string[]; services: string[] } | null> {
    const rows: { id: string; roles: string[]; service_codes: string[] }[] = await this.ds.query(
      `SELECT id, roles, service_codes FROM users WHERE id = $1 AND active`, [id],
    );
    return rows[0] ? { userId: rows[0].id, roles: rows[0].roles, services: rows[0].service_codes } : null;
  }

  async unknownServices(codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM services WHERE code = ANY($1::text[]) AND active`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }

  findDraft(taskId: string): Promise<TaskDraftEntity | null> {
    return this.ds.getRepository(TaskDraftEntity).findOneBy({ taskId });
  }

  async draftSavedAt(taskIds: string[]): Promise<Map<string, Date>> {
    if (!taskIds.length) return new Map();
    const rows: { task_id: string; saved_at: Date }[] = await this.ds.query(`SELECT task_id, saved_at FROM task_drafts WHERE task_id = ANY($1::uuid[])`, [taskIds]);
    return new Map(rows.map((r) => [r.task_id, new Date(r.saved_at)]));
  }

  /**
   * Saves the draft and says whether this save needs an audit record: the first save by this
   * person in `auditWindowSeconds` does, the saves every few seconds after it are coalesced.
   * Runs in the caller's transaction, so the audit record commits with the draft.
   */
  async saveDraft(
    m: EntityManager, d: { taskId: string; requestId: string; outcome: string | null; data: unknown; savedBy: string }, auditWindowSeconds: number,
  ): Promise<{ savedAt: Date; revision: number; audit: boolean }> {
    // Lock the draft (if any) so two saves at once decide the audit record one after the other.
    const prev: { audited_for: string | null; audited_at: Date | null }[] = await m.query(
      `SELECT audited_for, audited_at FROM task_drafts WHERE task_id = $1 FOR UPDATE`, [d.taskId],
    );
    const last = prev[0];
    const audit = !last || last.audited_for !== d.savedBy || !last.audited_at || Date.now() - new Date(last.audited_at).getTime() > auditWindowSeconds * 1000;
    const rows: { saved_at: Date; revision: number }[] = await m.query(
      `INSERT INTO task_drafts AS d (task_id, request_id, outcome, data, saved_by, saved_at, revision, audited_for, audited_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, now(), 1, $5, now())
       ON CONFLICT (task_id) DO UPDATE SET outcome = EXCLUDED.outcome, data = EXCLUDED.data, saved_by = EXCLUDED.saved_by, saved_at = now(),
         revision = d.revision + 1,
         audited_for = CASE WHEN $6 THEN EXCLUDED.saved_by ELSE d.audited_for END,
         audited_at = CASE WHEN $6 THEN now() ELSE d.audited_at END
       RETURNING saved_at, revision`,
      [d.taskId, d.requestId, d.outcome, JSON.stringify(d.data), d.savedBy, audit],
    );
    return { savedAt: new Date(rows[0].saved_at), revision: rows[0].revision, audit };
  }

  async deleteDraft(taskId: string): Promise<void> {
    await this.ds.query(`DELETE FROM task_drafts WHERE task_id = $1`, [taskId]);
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }
}
