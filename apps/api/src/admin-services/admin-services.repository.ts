import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ServiceEntity } from '@sendflow/persistence';

@Injectable()
export class AdminServicesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<ServiceEntity[]> {
    return this.ds.getRepository(ServiceEntity).find({ order: { name: 'ASC' } });
  }

  findForUpdate(m: EntityManager, code: string): Promise<ServiceEntity | null> {
    return m.getRepository(ServiceEntity).createQueryBuilder('s').setLock('pessimistic_write').where('s.code = :code', { code }).getOne();
  }

  async insert(m: EntityManager, row: Pick<ServiceEntity, 'code' | 'name'>): Promise<ServiceEntity> {
    await m.getRepository(ServiceEntity).insert(row);
    return (await m.getRepository(ServiceEntity).findOneBy({ code: row.code }))!;
  }

  async update(m: EntityManager, code: string, patch: Partial<Pick<ServiceEntity, 'name' | 'active'>>): Promise<ServiceEntity> {
    await m.getRepository(ServiceEntity).update({ code }, patch);
    return (await m.getRepository(ServiceEntity).findOneBy({ code }))!;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
