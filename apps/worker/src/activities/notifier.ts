import { z } from 'zod';
import { parseEnv } from '@sendflow/platform';

/**
 * Outbound messages. With RETURN_WEBHOOK_URL set, returns and notifications are POSTed there
 * (ids and roles only: the receiving system looks the case up with its own access rights);
 * without it they are recorded on the timeline only.
 */
export interface Notifier {
  adviceReturned(requestId: string, returnedAt: string): Promise<void>;
  notifyRole(requestId: string, role: string, message: string): Promise<void>;
}

export const notifierEnv = z.object({
  RETURN_WEBHOOK_URL: z.string().trim().regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL').optional(),
  RETURN_WEBHOOK_TOKEN: z.string().trim().optional(),
});

export type NotifierEnv = z.output<typeof notifierEnv>;

export function createNotifier(env: NotifierEnv = parseEnv(notifierEnv, process.env, 'webhook settings')): Notifier {
  const url = env.RETURN_WEBHOOK_URL;
  const post = async (body: Record<string, unknown>) => {
    if (!url) return;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(env.RETURN_WEBHOOK_TOKEN ? { authorization: `Bearer ${env.RETURN_WEBHOOK_TOKEN}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    // A failed delivery fails the activity, which Temporal retries: the return is not lost.
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  };
  return {
    adviceReturned: (requestId, returnedAt) => post({ event: 'advice.returned', requestId, returnedAt }),
    notifyRole: (requestId, role, message) => post({ event: 'notification', requestId, role, message }),
  };
}
