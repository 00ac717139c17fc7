import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LocalAuthorityEntity } from '@sendflow/persistence';

@Injectable()
export class AdminLocalAuthoritiesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<LocalAuthorityEntity[]> {
    return this.ds.getRepository(LocalAuthorityEntity).find({ order: { name: 'ASC' } });
  }

  findForUpdate(m: EntityManager, code: string): Promise<LocalAuthorityEntity | null> {
    return m.getRepository(LocalAuthorityEntity).createQueryBuilder('la').setLock('pessimistic_write').where('la.code = :code', { code }).getOne();
  }

  async insert(m: EntityManager, row: Pick<LocalAuthorityEntity, 'code' | 'name' | 'returnAddress'>): Promise<LocalAuthorityEntity> {
    await m.getRepository(LocalAuthorityEntity).insert(row);
    return (await m.getRepository(LocalAuthorityEntity).findOneBy({ code: row.code }))!;
  }

  async update(m: EntityManager, code: string, patch: Partial<Pick<LocalAuthorityEntity, 'name' | 'returnAddress'>>): Promise<LocalAuthorityEntity> {
    await m.getRepository(LocalAuthorityEntity).update({ code }, patch);
    return (await m.getRepository(LocalAuthorityEntity).findOneBy({ code }))!;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
