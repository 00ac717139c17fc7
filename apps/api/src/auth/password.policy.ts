import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@sendflow/domain';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/** A few long passwords that appear in every breach list; length alone does not stop these. */
const COMMON = new Set([
  'password1234', 'password12345', 'password123456', 'passwordpassword', '123456789012', '1234567890123', '12345678901234',
  'qwertyuiop12', 'qwertyuiopas', 'iloveyou1234', 'letmein12345', 'welcome12345', 'changeme1234', 'administrator', 'sendflow1234',
]);

export interface PolicyIssue { field: string; message: string }

/**
 * NCSC-style policy: long rather than complex, no composition rules, no expiry; refuses the
 * obvious guesses (the email, the old password, one repeated character, breach-list favourites).
 */
export function checkNewPassword(newPassword: string, { email, currentPassword }: { email: string; currentPassword: string }): PolicyIssue[] {
  const issue = (message: string) => ({ field: 'newPassword', message: `newPassword ${message}` });
  if (newPassword.length < PASSWORD_MIN_LENGTH) return [issue(`must be at least ${PASSWORD_MIN_LENGTH} characters`)];
  if (newPassword.length > PASSWORD_MAX_LENGTH) return [issue(`must be at most ${PASSWORD_MAX_LENGTH} characters`)];
  const lower = newPassword.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const issues: PolicyIssue[] = [];
  if (lower === address || lower === address.split('@')[0]) issues.push(issue('must not be your email address'));
  if (newPassword === currentPassword) issues.push(issue('must differ from the current password'));
  if (/^(.)\1*$/.test(newPassword)) issues.push(issue('must not be one character repeated'));
  if (COMMON.has(lower)) issues.push(issue('is a commonly used password; choose another'));
  return issues;
}
