import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from '@sendflow/domain';
import { TaskEntity } from '@sendflow/persistence';
import type { ListTasksQuery } from './list-tasks.query';

@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string): Promise<TaskEntity | null> {
    return this.ds.getRepository(TaskEntity).findOneBy({ id });
  }

  /** A user's work list: tasks for one of their roles (service-scoped ones only of their services), and a lead's services' work. */
  listFor(q: ListTasksQuery, roles: Role[], services: string[]): Promise<TaskEntity[]> {
    const qb = this.ds.getRepository(TaskEntity).createQueryBuilder('t')
      .where('t.status = :status', { status: q.status ?? 'open' })
      // A service lead oversees (and assigns) all of their services' work, whatever its role.
      .andWhere(`((t.role = ANY(:roles::text[]) AND (t.service_scoped = false OR t.service_code = ANY(:services::text[])))
        OR (:lead AND t.service_scoped AND t.service_code = ANY(:services::text[])))`, { roles, services, lead: roles.includes('service_lead') });
    if (q.serviceCode) qb.andWhere('t.service_code = :svc', { svc: q.serviceCode });
    if (q.requestId) qb.andWhere('t.request_id = :rid', { rid: q.requestId });
    // id last: a unique tiebreaker, so the order never changes between calls (ix_tasks_open_due matches it).
    return qb.orderBy('t.due_date', 'ASC', 'NULLS LAST').addOrderBy('t.opened_at', 'ASC').addOrderBy('t.id', 'ASC').take(500).getMany();
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
}
