import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RequestEntity, TaskEntity, TimelineEventEntity } from '@sendflow/persistence';

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

  tasksOf(requestId: string): Promise<TaskEntity[]> {
    return this.ds.getRepository(TaskEntity).find({ where: { requestId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  timelineOf(requestId: string): Promise<TimelineEventEntity[]> {
    return this.ds.getRepository(TimelineEventEntity).find({ where: { requestId }, order: { at: 'ASC', seq: 'ASC', id: 'ASC' } });
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async localAuthorityExists(code: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM local_authorities WHERE code = $1`, [code])).length > 0;
  }
}
