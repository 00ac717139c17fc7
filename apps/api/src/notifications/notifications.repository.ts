import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationEntity } from '@sendflow/persistence';

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(userId: string, unreadOnly: boolean): Promise<NotificationEntity[]> {
    const q = this.ds.getRepository(NotificationEntity).createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (unreadOnly) q.andWhere('n.readAt IS NULL');
    return q.orderBy('n.createdAt', 'DESC').limit(100).getMany();
  }

  unreadCount(userId: string): Promise<number> {
    return this.ds.getRepository(NotificationEntity).createQueryBuilder('n').where('n.userId = :userId AND n.readAt IS NULL', { userId }).getCount();
  }

  /** Marks one of the user's own notifications read; false when it is not theirs (or does not exist). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId]);
    return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.ds.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }

  async setEmailPreference(userId: string, email: string): Promise<void> {
    await this.ds.query(`UPDATE users SET notification_email = $2 WHERE id = $1`, [userId, email]);
  }

  async emailPreference(userId: string): Promise<string | null> {
    const rows: { notification_email: string }[] = await this.ds.query(`SELECT notification_email FROM users WHERE id = $1`, [userId]);
    return rows[0]?.notification_email ?? null;
  }
}
