import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { DigestActivities } from '@sendflow/workflows';
import { mailSettingsFromEnv, type MailSettings } from '../delivery/mail-settings';
import { trustDate } from '../delivery/document.activities';
import { NotificationMailer } from './notification-mailer';
import { NotificationRepository } from './notification.repository';

export function createDigestActivities(ds: DataSource, mail?: MailSettings): DigestActivities {
  let settings = mail;
  const mailer = new NotificationMailer(() => (settings ??= mailSettingsFromEnv()), new NotificationRepository(ds));
  return {
    async sendDailyDigests(before) {
      const at = new Date(before);
      const run = await mailer.sendDigest(trustDate(at), at);
      log.info('daily digest', { ...run });
      return run;
    },
  };
}
