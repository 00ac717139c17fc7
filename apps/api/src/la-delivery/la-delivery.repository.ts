import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface LaDeliveryRow { code: string; delivery_channel: 'manual' | 'smtp' | 'webhook'; delivery_email: string | null; webhook_url: string | null; has_secret: boolean }

@Injectable()
export class LaDeliveryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async find(code: string, m: Pick<EntityManager, 'query'> = this.ds.manager, lock = false): Promise<LaDeliveryRow | null> {
    const rows = await m.query(
      `SELECT code, delivery_channel, delivery_email, webhook_url, webhook_secret IS NOT NULL AS has_secret FROM local_authorities WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return rows[0] ?? null;
  }

  async update(m: EntityManager, code: string, s: { channel: string; email: string | null; webhookUrl: string | null; webhookSecret: string | null | undefined }): Promise<void> {
    // undefined secret: keep the stored one (a webhook edit that does not rotate it).
    await m.query(
      `UPDATE local_authorities SET delivery_channel = $2, delivery_email = $3, webhook_url = $4,
              webhook_secret = CASE WHEN $5::boolean THEN webhook_secret ELSE $6 END WHERE code = $1`,
      [code, s.channel, s.email, s.webhookUrl, s.webhookSecret === undefined, s.webhookSecret ?? null],
    );
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
