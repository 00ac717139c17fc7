import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SopVersionEntity } from '@sendflow/persistence';
import type { SopDefinition } from '@sendflow/sop';

/** All SQL behind SOP versions. */
@Injectable()
export class SopsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** New requests run on the highest published version of the SOP. */
  latestPublished(sopKey: string): Promise<SopVersionEntity | null> {
    return this.ds.getRepository(SopVersionEntity).findOne({ where: { sopKey, status: 'published' }, order: { version: 'DESC' } });
  }

  async keyExists(sopKey: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM sop_versions WHERE sop_key = $1 LIMIT 1`, [sopKey])).length > 0;
  }

  list(): Promise<SopVersionEntity[]> {
    return this.ds.getRepository(SopVersionEntity).find({ order: { sopKey: 'ASC', version: 'DESC' } });
  }

  findById(id: string, manager: EntityManager = this.ds.manager): Promise<SopVersionEntity | null> {
    return manager.getRepository(SopVersionEntity).findOneBy({ id });
  }

  /** The row, locked until the transaction ends, so a concurrent change waits and then sees this one's result. */
  lockById(m: EntityManager, id: string): Promise<SopVersionEntity | null> {
    return m.getRepository(SopVersionEntity).createQueryBuilder('v').setLock('pessimistic_write').where('v.id = :id', { id }).getOne();
  }

  openDraft(sopKey: string, manager: EntityManager = this.ds.manager): Promise<SopVersionEntity | null> {
    return manager.getRepository(SopVersionEntity).findOneBy({ sopKey, status: 'draft' });
  }

  async maxVersion(m: EntityManager, sopKey: string): Promise<number> {
    const rows: { max: number | null }[] = await m.query(`SELECT max(version)::int AS max FROM sop_versions WHERE sop_key = $1`, [sopKey]);
    return rows[0]?.max ?? 0;
  }

  /** Locks every published version of the key: two retirements at once cannot leave none. */
  async lockPublished(m: EntityManager, sopKey: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM sop_versions WHERE sop_key = $1 AND status = 'published' ORDER BY version FOR UPDATE`, [sopKey]);
    return rows.map((r) => r.id);
  }

  async insert(m: EntityManager, row: { sopKey: string; version: number; definition: SopDefinition; derivedFromId: string | null; createdBy: string }): Promise<SopVersionEntity> {
    const saved = await m.getRepository(SopVersionEntity).save(m.getRepository(SopVersionEntity).create({ ...row, status: 'draft', publishedAt: null, retiredAt: null, formPins: null }));
    return (await this.findById(saved.id, m)) as SopVersionEntity;
  }

  async update(m: EntityManager, id: string, changes: Partial<Pick<SopVersionEntity, 'definition' | 'status' | 'publishedAt' | 'retiredAt' | 'formPins'>>): Promise<SopVersionEntity> {
    await m.getRepository(SopVersionEntity).update({ id }, changes as never);
    return (await this.findById(id, m)) as SopVersionEntity;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
