import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RequestEntity, TaskEntity, TimelineEventEntity } from '@sendflow/persistence';
import type { ListRequestsQuery } from './list-requests.query';

/** All SQL behind the requests feature. */
@Injectable()
export class RequestsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string): Promise<RequestEntity | null> {
    return this.ds.getRepository(RequestEntity).findOneBy({ id });
  }

  findByWorkflowId(workflowId: string): Promise<RequestEntity | null> {
    return this.ds.getRepository(RequestEntity).findOneBy({ workflowId });
  }

  insert(manager: EntityManager, row: Partial<RequestEntity>): Promise<unknown> {
    return manager.getRepository(RequestEntity).insert(row as never);
  }

  /** Service-scoped readers see only requests allocated to one of their services. */
  async list(q: ListRequestsQuery, scope: { services: string[] } | null): Promise<{ items: RequestEntity[]; total: number }> {
    const qb = this.ds.getRepository(RequestEntity).createQueryBuilder('r');
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.overdue !== undefined) qb.andWhere('r.overdue = :overdue', { overdue: q.overdue });
    if (q.localAuthorityCode) qb.andWhere('r.local_authority_code = :la', { la: q.localAuthorityCode });
    if (scope) qb.andWhere('r.allocated_services && :services::text[]', { services: scope.services });
    qb.orderBy('r.statutory_due_at', 'ASC').addOrderBy('r.id', 'ASC').take(q.limit ?? 50).skip(q.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  tasksOf(requestId: string): Promise<TaskEntity[]> {
    return this.ds.getRepository(TaskEntity).find({ where: { requestId }, order: { openedAt: 'ASC' } });
  }

  timelineOf(requestId: string): Promise<TimelineEventEntity[]> {
    return this.ds.getRepository(TimelineEventEntity).find({ where: { requestId }, order: { at: 'ASC', seq: 'ASC' } });
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async localAuthorityExists(code: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM local_authorities WHERE code = $1`, [code])).length > 0;
  }
}
