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

  /** A user's work list: tasks for one of their roles, and for service-scoped tasks, one of their services. */
  listFor(q: ListTasksQuery, roles: Role[], services: string[]): Promise<TaskEntity[]> {
    const qb = this.ds.getRepository(TaskEntity).createQueryBuilder('t')
      .where('t.status = :status', { status: q.status ?? 'open' })
      .andWhere('t.role = ANY(:roles::text[])', { roles })
      .andWhere('(t.service_scoped = false OR t.service_code = ANY(:services::text[]))', { services });
    if (q.serviceCode) qb.andWhere('t.service_code = :svc', { svc: q.serviceCode });
    if (q.requestId) qb.andWhere('t.request_id = :rid', { rid: q.requestId });
    return qb.orderBy('t.due_date', 'ASC', 'NULLS LAST').addOrderBy('t.opened_at', 'ASC').take(500).getMany();
  }

  async unknownServices(codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM services WHERE code = ANY($1::text[]) AND active`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }
}
