import { createTransport, type Transporter } from 'nodemailer';

/**
 * Outbound mail (documents to LAs, reminders to staff) from the environment:
 * SMTP_HOST, SMTP_PORT (587), SMTP_SECURE (true: TLS from the first byte, port 465),
 * SMTP_REQUIRE_TLS (default true: refuse to send unless STARTTLS succeeds), SMTP_TLS_REJECT_UNAUTHORIZED
 * (default true), SMTP_USER / SMTP_PASSWORD, SMTP_FROM, and SECURE_MAIL_SUBJECT_MARKER (default
 * "[secure]": NHSmail encrypts messages whose subject carries it).
 */
export interface MailSettings {
  transport: Transporter | null;
  from: string;
  /** The domain Message-IDs are minted under. */
  domain: string;
  subjectMarker: string;
}

export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const from = env.SMTP_FROM?.trim() || 'sendflow@localhost';
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'localhost';
  const subjectMarker = env.SECURE_MAIL_SUBJECT_MARKER ?? '[secure]';
  if (!env.SMTP_HOST) return { transport: null, from, domain, subjectMarker };
  const secure = env.SMTP_SECURE === 'true';
  const transport = createTransport({
    host: env.SMTP_HOST,
    port: Number(env.SMTP_PORT) || (secure ? 465 : 587),
    secure,
    requireTLS: !secure && env.SMTP_REQUIRE_TLS !== 'false',
    tls: { rejectUnauthorized: env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false', minVersion: 'TLSv1.2' },
    ...(env.SMTP_USER ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return { transport, from, domain, subjectMarker };
}

/** The subject a secure mail gateway acts on; what follows never names the child. */
export function secureSubject(settings: Pick<MailSettings, 'subjectMarker'>, text: string): string {
  return settings.subjectMarker ? `${settings.subjectMarker} ${text}` : text;
}
