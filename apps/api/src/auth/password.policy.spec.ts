import { checkNewPassword } from './password.policy';

describe('password policy', () => {
  const ctx = { email: 'Sam.Speech@trust.nhs.uk', currentPassword: 'the old passphrase' };
  const messages = (pw: string) => checkNewPassword(pw, ctx).map((i) => i.message);

  it('accepts a long passphrase without composition rules', () => {
    expect(checkNewPassword('correct horse battery staple', ctx)).toEqual([]);
  });

  it.each([
    ['too short', 'elevenchars', 'newPassword must be at least 12 characters'],
    ['too long', 'x'.repeat(257), 'newPassword must be at most 256 characters'],
    ['the email, in any case', 'sam.speech@TRUST.nhs.uk', 'newPassword must not be your email address'],
    ['the email\'s local part', 'sam.speech', 'newPassword must be at least 12 characters'],
    ['the current password', 'the old passphrase', 'newPassword must differ from the current password'],
    ['one repeated character', 'zzzzzzzzzzzzzz', 'newPassword must not be one character repeated'],
    ['a breach-list favourite', 'Password1234', 'newPassword is a commonly used password; choose another'],
  ])('refuses %s, naming the field', (_name, pw, message) => {
    expect(messages(pw)).toContain(message);
    expect(checkNewPassword(pw, ctx).every((i) => i.field === 'newPassword')).toBe(true);
  });
});
