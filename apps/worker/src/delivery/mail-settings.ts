import { createTransport, type Transporter } from 'nodemailer';
import { z } from 'zod';
import { envBool, envInt, parseEnv } from '@sendflow/platform';

/**
 * Outbound mail (documents to LAs, reminders to staff) from the environment:
 * SMTP_HOST, SMTP_PORT (587), SMTP_SECURE (true: TLS from the first byte, port 465),
 * SMTP_REQUIRE_TLS (default true: refuse to send unless STARTTLS succeeds), SMTP_TLS_REJECT_UNAUTHORIZED
 * (default true), SMTP_USER / SMTP_PASSWORD, SMTP_FROM, and SECURE_MAIL_SUBJECT_MARKER (default
 * "[secure]": NHSmail encrypts messages whose subject carries it; `none` for no marker).
 */
export interface MailSettings {
  transport: Transporter | null;
  from: string;
  /** The domain Message-IDs are minted under. */
  domain: string;
  subjectMarker: string;
}

/** The mail settings: one fragment of the worker's environment schema (worker-config.ts). */
export const mailEnv = z.object({
  SMTP_HOST: z.string().trim().regex(/^[\w.-]{1,253}$|^\[[0-9a-f:.]+\]$/i, 'must be a host name or address').optional(),
  SMTP_PORT: envInt(1, 65_535).optional(),
  SMTP_SECURE: envBool.default(false),
  SMTP_REQUIRE_TLS: envBool.default(true),
  SMTP_TLS_REJECT_UNAUTHORIZED: envBool.default(true),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().trim().regex(/^([^<>@\s][^<>]*<)?[^<>@\s]+@[^<>@\s]+>?$/, 'must be an address, optionally with a name: SENDflow <sendflow@trust.nhs.uk>').default('sendflow@localhost'),
  // Blank counts as unset; `none` sends subjects without a marker.
  SECURE_MAIL_SUBJECT_MARKER: z.string().trim().max(40, 'must be at most 40 characters').transform((v) => (v === 'none' ? '' : v)).default('[secure]'),
});

export type MailEnv = z.output<typeof mailEnv>;

export function mailSettingsFrom(c: MailEnv): MailSettings {
  const from = c.SMTP_FROM;
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'localhost';
  const subjectMarker = c.SECURE_MAIL_SUBJECT_MARKER;
  if (!c.SMTP_HOST) return { transport: null, from, domain, subjectMarker };
  const secure = c.SMTP_SECURE;
  const transport = createTransport({
    host: c.SMTP_HOST,
    port: c.SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    requireTLS: !secure && c.SMTP_REQUIRE_TLS,
    tls: { rejectUnauthorized: c.SMTP_TLS_REJECT_UNAUTHORIZED, minVersion: 'TLSv1.2' },
    ...(c.SMTP_USER ? { auth: { user: c.SMTP_USER, pass: c.SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return { transport, from, domain, subjectMarker };
}

/** For tests, which build mail settings from their own variables; checked by the same fragment. */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return mailSettingsFrom(parseEnv(mailEnv, env, 'mail settings'));
}

/** The subject a secure mail gateway acts on; what follows never names the child. */
export function secureSubject(settings: Pick<MailSettings, 'subjectMarker'>, text: string): string {
  return settings.subjectMarker ? `${settings.subjectMarker} ${text}` : text;
}
