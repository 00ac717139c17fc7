import type { DataSource } from 'typeorm';
import { queryWithoutParameters } from '../projections/projection.repository';

export interface PendingEmail { id: string; email: string; message: string; kind: string }

/** The SQL behind notifications: one row per user per firing, whatever the retries. */
export class NotificationRepository {
  private readonly ds: Pick<DataSource, 'query'>;
  constructor(dataSource: DataSource) {
    this.ds = queryWithoutParameters(dataSource);
  }

  /** Everyone active with the role (and in the service, for a service's task); a repeat of the same source adds nothing. */
  async fanOut(sourceKey: string, requestId: string, role: string, serviceCode: string | null, kind: string, message: string): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO notifications (user_id, request_id, source_key, kind, message)
       SELECT u.id, $2, $1, $5, $6 FROM users u
        WHERE u.active AND $3 = ANY(u.roles) AND ($4::text IS NULL OR $4 = ANY(u.service_codes))
       ON CONFLICT (source_key, user_id) DO NOTHING RETURNING id`,
      [sourceKey, requestId, role, serviceCode, kind, message.slice(0, 500)],
    );
    return rows.length;
  }

  /** This firing's notifications still to email at once (users who chose immediate email). */
  pendingImmediate(sourceKey: string): Promise<PendingEmail[]> {
    return this.ds.query(
      `SELECT n.id, u.email, n.message, n.kind FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.source_key = $1 AND n.emailed_at IS NULL AND u.notification_email = 'immediate'`, [sourceKey]);
  }

  /** Every user's unemailed notifications older than `before`, for the daily digest. */
  pendingDigest(before: Date): Promise<(PendingEmail & { user_id: string })[]> {
    return this.ds.query(
      `SELECT n.id, n.user_id, u.email, n.message, n.kind FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.emailed_at IS NULL AND u.notification_email = 'digest' AND n.created_at < $1 ORDER BY n.user_id, n.created_at`, [before.toISOString()]);
  }

  async markEmailed(ids: string[]): Promise<void> {
    if (ids.length) await this.ds.query(`UPDATE notifications SET emailed_at = now() WHERE id = ANY($1::uuid[]) AND emailed_at IS NULL`, [ids]);
  }
}
