import type { MailSettings } from '../delivery/mail-settings';
import { smtpFailure } from '../delivery/delivery-errors';
import { log } from '@temporalio/activity';
import { TRUST_TIME_ZONE } from '@sendflow/domain';
import { DIGEST_MAX_ITEMS, type DigestItem, type NotificationRepository, type PendingEmail } from './notification.repository';

/** Subjects name no child and no case: the message is in the body, the details in the app. */
const SUBJECTS: Record<string, string> = {
  reminder: 'SENDflow reminder', escalation: 'SENDflow escalation', overdue: 'SENDflow: health advice overdue', action: 'SENDflow notification',
};

/**
 * Emails notifications. An immediate message's Message-ID is the notification id (a digest's: its
 * day and user), and a row is marked emailed once sent, so a retried activity sends only what is
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

  /**
   * The day's digest: one email per digest user listing their unread notifications no email has
   * listed yet. Exactly once per user per day: a user whose digest for `day` is recorded is
   * skipped, and the Message-ID is made of the user and the day, so the one window left (the
   * server accepted it, the worker died before recording it) resends the same message for the
   * server to drop. A transient SMTP failure throws (the activity retries and carries on from
   * the first user not yet sent); a refusal for one user's address is logged and skipped.
   */
  async sendDigest(day: string, before: Date): Promise<DigestRun> {
    const mail = this.mail();
    const run: DigestRun = { day, users: 0, sent: 0, skipped: 0, refused: 0, notifications: 0 };
    if (!mail.transport) return run;
    for (const user of await this.repo.digestUsers(before)) {
      run.users++;
      if (await this.repo.digestSent(user.id, day)) { run.skipped++; continue; }
      const items = await this.repo.digestItems(user.id, before);
      if (!items.length) continue;
      const older = await this.repo.olderUnread(user.id);
      const messageId = `<digest-${day}-${user.id}@${mail.domain}>`;
      try {
        await mail.transport.sendMail({
          from: mail.from, to: user.email, messageId,
          subject: `SENDflow daily digest: ${items.length}${items.length >= DIGEST_MAX_ITEMS ? '+' : ''} new notification${items.length === 1 ? '' : 's'}`,
          headers: { 'X-SENDflow-Digest': day },
          text: digestText(items, older),
        });
      } catch (err) {
        const failure = smtpFailure(err);
        if (!failure.nonRetryable) throw failure;
        run.refused++;
        log.warn('digest refused', { userId: user.id, day, reason: failure.message });
        continue;
      }
      await this.repo.recordDigest(user.id, day, messageId, items.map((i) => i.id));
      run.sent++;
      run.notifications += items.length;
    }
    return run;
  }
}

export interface DigestRun { day: string; users: number; sent: number; skipped: number; refused: number; notifications: number }

const KIND_LABEL: Record<string, string> = { reminder: 'Reminder', escalation: 'Escalation', overdue: 'Overdue', action: 'Notice' };
const when = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: TRUST_TIME_ZONE, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(at));

/** Plain text: the message and the LA's reference (enough to find the request in SENDflow), never the child. */
export function digestText(items: DigestItem[], olderUnread: number): string {
  const lines = items.map((i) => `- ${when(i.created_at)}  ${KIND_LABEL[i.kind] ?? KIND_LABEL.action}: ${i.message}${i.la_reference ? ` (LA reference ${i.la_reference})` : ''}`);
  return [
    `Your unread SENDflow notifications since the last digest (${items.length}${items.length >= DIGEST_MAX_ITEMS ? ' shown; there are more' : ''}):`,
    '',
    ...lines,
    '',
    ...(olderUnread ? [`You also have ${olderUnread} older unread notification${olderUnread === 1 ? '' : 's'}.`, ''] : []),
    'Open SENDflow to see the requests and your tasks. To change how notifications reach you, open Notifications and choose how they reach you by email.',
  ].join('\n');
}
