import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ClockActivities, DigestActivities } from './activities.contract';

// The SMTP relay may be away for a while: retry for hours, then let the next day's digest carry
// on (each user's unsent notifications stay unsent, so nothing is lost, only late).
const { sendDailyDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
});

const { now } = proxyLocalActivities<ClockActivities>({ startToCloseTimeout: '5 seconds' });

/**
 * One run of the daily digest, started by the Temporal Schedule the worker keeps
 * (apps/worker/src/notifications/digest-schedule.ts). The instant is read once and kept in
 * history, so a retried activity lists the same notifications and names the same day.
 */
export async function notificationDigestWorkflow(): Promise<Awaited<ReturnType<DigestActivities['sendDailyDigests']>>> {
  return sendDailyDigests(await now());
}
