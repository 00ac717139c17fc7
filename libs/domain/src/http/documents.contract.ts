import { z } from 'zod';
import { DOCUMENT_FORMATS, ADVICE_DOCUMENT_KINDS } from '../advice-document';
import { SERVICE_CODE_PATTERN } from '../services';
import { safeText } from './hostile-input';
import { unique } from './common.contract';

/** HTTP contracts for the documents sent to LAs and each LA's delivery channel (issue 9). */
export const documentDownloadQuery = z.strictObject({
  format: z.enum(DOCUMENT_FORMATS.filter((f) => f !== 'html') as ['pdf', 'docx', 'json'], { message: 'format must be one of pdf, docx, json' }),
});
export type DocumentDownloadQuery = z.infer<typeof documentDownloadQuery>;

export const documentVersionResponse = z.object({
  id: z.uuid(),
  kind: z.enum(ADVICE_DOCUMENT_KINDS),
  version: z.number().int(),
  title: z.string(),
  createdAt: z.string(),
  correctionReason: z.string().nullable(),
  deliveryStatus: z.enum(['pending', 'awaiting_manual', 'delivered', 'failed']),
  deliveryChannel: z.enum(['manual', 'smtp', 'webhook']).nullable(),
  deliveredAt: z.string().nullable(),
  deliveryAttempts: z.number().int(),
  lastError: z.string().nullable(),
});
export const documentVersionListResponse = z.array(documentVersionResponse);
export type DocumentVersionView = z.infer<typeof documentVersionResponse>;

/** The coordinator's record of sending a document themselves (the LA's portal, post). */
export const manualDeliveryBody = z.strictObject({
  method: z.enum(['email', 'portal', 'post'], { message: 'method must be one of email, portal, post' }),
  sentTo: z.string().trim().min(1, 'sentTo must not be blank').max(320),
  notes: z.string().max(4000).optional(),
});
export type ManualDeliveryBody = z.infer<typeof manualDeliveryBody>;

/**
 * Reopening returned advice for a correction (coordinator): why, and which contributing services
 * amend their section (none: the same content goes again, marked as a correction with the reason).
 */
export const reopenAdviceBody = z.strictObject({
  reason: safeText({ min: 10, max: 1000 }).describe('Why the LA gets a corrected version; printed on it and sent with it'),
  services: z.array(
    z.string({ error: 'services must each be a service code such as SLT' }).regex(SERVICE_CODE_PATTERN, 'services must each be a service code such as SLT'),
    { error: 'services must be an array of service codes' },
  ).max(20, 'services must name at most 20 services').refine(unique, 'services must not repeat a service').default([])
    .describe('Contributing services that amend their section before the new version is issued'),
});
export type ReopenAdviceBody = z.infer<typeof reopenAdviceBody>;

export const reopenAdviceResponse = z.object({
  requestId: z.uuid(),
  /** The version this correction issues. */
  version: z.number().int(),
  workflowId: z.string(),
  services: z.array(z.string()),
});
export type ReopenAdviceView = z.infer<typeof reopenAdviceResponse>;

const httpsOrLoopback = z.url({ message: 'webhookUrl must be a URL' }).max(500).refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}, 'webhookUrl must be https (plain http only to this machine, for testing)');

/**
 * The whole channel at once: switching channel never leaves the other settings half-set. Flat
 * (not a union) so it is one DTO class; the fields each channel needs are checked by channel.
 */
export const laDeliveryBody = z.strictObject({
  channel: z.enum(['manual', 'smtp', 'webhook'], { message: 'channel must be one of manual, smtp, webhook' }),
  email: z.email({ message: 'email must be an email address' }).max(320).transform((e) => e.toLowerCase()).optional(),
  webhookUrl: httpsOrLoopback.optional(),
  webhookSecret: z.string().min(32, 'webhookSecret must be at least 32 characters').max(200).optional()
    .describe('HMAC-SHA256 key shared with the LA; leave out to keep the current one'),
}).superRefine((b, ctx) => {
  if (b.channel === 'smtp' && !b.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is required for the smtp channel' });
  if (b.channel === 'webhook' && !b.webhookUrl) ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'webhookUrl is required for the webhook channel' });
  for (const f of ['email', 'webhookUrl', 'webhookSecret'] as const) {
    const belongs = f === 'email' ? b.channel === 'smtp' : b.channel === 'webhook';
    if (b[f] !== undefined && !belongs) ctx.addIssue({ code: 'custom', path: [f], message: `${f} does not apply to the ${b.channel} channel` });
  }
});
export type LaDeliveryBody = z.infer<typeof laDeliveryBody>;

export const laDeliveryResponse = z.object({
  code: z.string(),
  channel: z.enum(['manual', 'smtp', 'webhook']),
  email: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  /** The secret itself is never returned. */
  webhookSecretSet: z.boolean(),
});
export type LaDeliveryView = z.infer<typeof laDeliveryResponse>;

export const notificationResponse = z.object({
  id: z.uuid(), requestId: z.uuid().nullable(), kind: z.string(), message: z.string(), createdAt: z.string(), readAt: z.string().nullable(),
});
export const notificationListResponse = z.object({ items: z.array(notificationResponse), unread: z.number().int() });
export const unreadCountResponse = z.object({ unread: z.number().int() });
export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false'], { message: 'unread must be true or false' }).optional(),
});
export const notificationPreferenceBody = z.strictObject({
  email: z.enum(['immediate', 'digest', 'off'], { message: 'email must be one of immediate, digest, off' }),
});
export const notificationPreferenceResponse = z.object({ email: z.enum(['immediate', 'digest', 'off']) });
