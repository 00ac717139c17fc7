import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SopVersionEntity } from '@sendflow/persistence';

@Injectable()
export class SopsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** New requests run on the highest published version of the SOP. */
  latestPublished(sopKey: string): Promise<SopVersionEntity | null> {
    return this.ds.getRepository(SopVersionEntity).findOne({ where: { sopKey, status: 'published' }, order: { version: 'DESC' } });
  }

  list(): Promise<SopVersionEntity[]> {
    return this.ds.getRepository(SopVersionEntity).find({ order: { sopKey: 'ASC', version: 'DESC' } });
  }

  findById(id: string): Promise<SopVersionEntity | null> {
    return this.ds.getRepository(SopVersionEntity).findOneBy({ id });
  }
}
