import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { z } from 'zod';
import { DIGEST_WORKFLOW_TYPE, TRUST_TIME_ZONE } from '@sendflow/domain';
import { parseEnv } from '@sendflow/platform';

/** NOTIFICATION_DIGEST_TIME: when the daily digest goes, HH:MM in the trust's time zone (default 07:00). */
export const digestEnv = z.object({
  NOTIFICATION_DIGEST_TIME: z.string().trim().regex(/^([01]?\d|2[0-3]):([0-5]\d)$/, 'must be HH:MM (00:00-23:59)')
    .transform((v) => ({ hour: Number(v.split(':')[0]), minute: Number(v.split(':')[1]) })).default({ hour: 7, minute: 0 }),
});

export type DigestTime = z.output<typeof digestEnv>['NOTIFICATION_DIGEST_TIME'];

export function digestTimeFromEnv(env: NodeJS.ProcessEnv = process.env): DigestTime {
  return parseEnv(digestEnv, env, 'digest settings').NOTIFICATION_DIGEST_TIME;
}

/** One schedule per task queue, so test runs and deployments sharing a namespace never start each other's digests. */
export const digestScheduleId = (taskQueue: string) => `sendflow-daily-digest/${taskQueue}`;

/**
 * Keeps the Temporal Schedule that starts the daily digest: created on first start, its time
 * updated when NOTIFICATION_DIGEST_TIME changes. Every worker replica may call it; the schedule
 * exists once. A missed run (the cluster down at 07:00) is caught up within a day; runs never
 * overlap. The digest itself is once per user per day however often it runs.
 */
export async function ensureDigestSchedule(client: Client, taskQueue: string, at: DigestTime = digestTimeFromEnv()): Promise<string> {
  const scheduleId = digestScheduleId(taskQueue);
  const spec = { calendars: [{ hour: at.hour, minute: at.minute }], timezone: TRUST_TIME_ZONE };
  try {
    await client.schedule.create({
      scheduleId, spec,
      action: { type: 'startWorkflow', workflowType: DIGEST_WORKFLOW_TYPE, workflowId: `${scheduleId}/run`, taskQueue, args: [] },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((s) => ({ ...s, spec }));
  }
  return scheduleId;
}
