import { ApplicationFailure } from '@temporalio/activity';

/**
 * Delivery failures as Temporal sees them: transient ones retry under the workflow's policy;
 * permanent ones (a refused recipient, a 4xx answer, no channel configured) stop at once so the
 * coordinator's task opens without waiting out the retries. Messages carry no personal data.
 */
export const transient = (reason: string) => ApplicationFailure.retryable(reason.slice(0, 200), 'DeliveryTransient');
export const permanent = (reason: string) => ApplicationFailure.nonRetryable(reason.slice(0, 200), 'DeliveryRefused');

/** nodemailer's errors: SMTP 5xx is final, 4xx and connection problems are worth another go. */
export function smtpFailure(err: unknown): ApplicationFailure {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const firstLine = (e.response ?? e.message ?? 'unknown error').split('\n')[0];
  if (typeof e.responseCode === 'number') {
    const reason = `SMTP server answered ${e.responseCode}: ${firstLine}`;
    return e.responseCode >= 500 ? permanent(reason) : transient(reason);
  }
  return transient(`SMTP ${e.code ?? 'error'}: ${firstLine}`);
}
