import type { MailSettings } from '../delivery/mail-settings';
import { smtpFailure } from '../delivery/delivery-errors';
import type { NotificationRepository, PendingEmail } from './notification.repository';

/** Subjects name no child and no case: the message is in the body, the details in the app. */
const SUBJECTS: Record<string, string> = {
  reminder: 'SENDflow reminder', escalation: 'SENDflow escalation', overdue: 'SENDflow: health advice overdue', action: 'SENDflow notification',
};

/**
 * Emails notifications. Each message's Message-ID is the notification id (or the digest's
 * first one), and a row is marked emailed once sent, so a retried activity sends only what is
 * left. Without SMTP settings, notifications stay in-app only.
 */
export class NotificationMailer {
  constructor(private readonly mail: () => MailSettings, private readonly repo: NotificationRepository) {}

  async sendImmediate(pending: PendingEmail[]): Promise<number> {
    const mail = this.mail();
    if (!mail.transport) return 0;
    for (const n of pending) {
      try {
        await mail.transport.sendMail({
          from: mail.from, to: n.email, subject: SUBJECTS[n.kind] ?? SUBJECTS.action, messageId: `<${n.id}@${mail.domain}>`,
          text: `${n.message}\n\nOpen SENDflow to see the request and your tasks.\nYou can choose a daily digest instead in SENDflow.`,
        });
      } catch (err) {
        throw smtpFailure(err);
      }
      await this.repo.markEmailed([n.id]);
    }
    return pending.length;
  }

  /** One email per user listing everything since their last digest. */
  async sendDigest(before: Date): Promise<{ users: number; notifications: number }> {
    const mail = this.mail();
    if (!mail.transport) return { users: 0, notifications: 0 };
    const rows = await this.repo.pendingDigest(before);
    const byUser = new Map<string, typeof rows>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    for (const items of byUser.values()) {
      try {
        await mail.transport.sendMail({
          from: mail.from, to: items[0].email, subject: `SENDflow daily digest: ${items.length} notification${items.length === 1 ? '' : 's'}`,
          messageId: `<digest-${items[0].id}@${mail.domain}>`,
          text: `${items.map((i) => `- ${i.message}`).join('\n')}\n\nOpen SENDflow to see the requests and your tasks.`,
        });
      } catch (err) {
        throw smtpFailure(err);
      }
      await this.repo.markEmailed(items.map((i) => i.id));
    }
    return { users: byUser.size, notifications: rows.length };
  }
}
