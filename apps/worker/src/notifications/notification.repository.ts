import type { DataSource } from 'typeorm';
import { queryWithoutParameters } from '../projections/projection.repository';

export interface PendingEmail { id: string; email: string; message: string; kind: string }
export interface DigestItem { id: string; kind: string; message: string; created_at: Date; la_reference: string | null }

/** A digest lists at most this many lines; the rest are counted ("and 12 more"). */
export const DIGEST_MAX_ITEMS = 50;

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

  /** Active users on the daily digest with something unread that no email has listed yet (created before `before`). */
  digestUsers(before: Date): Promise<{ id: string; email: string }[]> {
    return this.ds.query(
      `SELECT u.id, u.email FROM users u
        WHERE u.active AND u.notification_email = 'digest'
          AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at < $1)
        ORDER BY u.id`, [before.toISOString()]);
  }

  /** One user's digest lines: what is unread and not yet emailed, oldest first, with the LA's reference (never the child). */
  digestItems(userId: string, before: Date): Promise<DigestItem[]> {
    return this.ds.query(
      `SELECT n.id, n.kind, n.message, n.created_at, r.la_reference FROM notifications n LEFT JOIN requests r ON r.id = n.request_id
        WHERE n.user_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at < $2 ORDER BY n.created_at, n.id LIMIT $3`,
      [userId, before.toISOString(), DIGEST_MAX_ITEMS]);
  }

  /** Unread notifications an earlier email already listed: the digest says how many are still waiting. */
  async olderUnread(userId: string): Promise<number> {
    const [row]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL AND emailed_at IS NOT NULL`, [userId]);
    return Number(row?.n ?? 0);
  }

  async digestSent(userId: string, day: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM notification_digests WHERE user_id = $1 AND day = $2`, [userId, day]);
    return rows.length > 0;
  }

  /** The day's digest went: recorded with the notifications it listed, in one statement so neither is left half-done. */
  async recordDigest(userId: string, day: string, messageId: string, ids: string[]): Promise<void> {
    await this.ds.query(
      `WITH sent AS (
         INSERT INTO notification_digests (user_id, day, message_id, notification_count) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, day) DO NOTHING
       )
       UPDATE notifications SET emailed_at = now() WHERE id = ANY($5::uuid[]) AND emailed_at IS NULL`,
      [userId, day, messageId, ids.length, ids]);
  }

  async markEmailed(ids: string[]): Promise<void> {
    if (ids.length) await this.ds.query(`UPDATE notifications SET emailed_at = now() WHERE id = ANY($1::uuid[]) AND emailed_at IS NULL`, [ids]);
  }
}
