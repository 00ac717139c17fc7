import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useSearchParams } from 'react-router';
import { useSessionState } from '../app/session';
import { useDemoUsers, useSignInOptions } from '../api/hooks';
import { api, ApiError, errorText } from '../api/http';
import type { SessionInfo } from '../api/types';
import { ErrorSummary } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { summaryItems } from '../ui/form-errors';
import { Button, NotificationBanner } from '../ui/parts';

/** What each OIDC refusal (`?signInError=` on the way back from the identity provider) means to the user. */
const OIDC_ERRORS: Record<string, string> = {
  expired: 'The sign-in took too long or was already used. Try again.',
  idp_error: 'Your organisation account did not sign you in. Try again, or ask your IT service desk.',
  invalid_response: 'The answer from your organisation account could not be checked. Try again.',
  no_email: 'Your organisation account has no email address SENDflow can use. Ask your IT service desk.',
  no_role: 'Your organisation account is not in any group that uses SENDflow. Ask your SENDflow administrator for access.',
  inactive_account: 'Your SENDflow account has been switched off. Ask your SENDflow administrator.',
  account_conflict: 'Another organisation account is already linked to this email address. Ask your SENDflow administrator.',
  rate_limited: 'There have been too many failed sign-ins from your network. Try again later.',
};

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
});
type SignInValues = z.infer<typeof signInSchema>;
const FIELDS = ['email', 'password'] as const;
const idOf = (f: string) => `sign-in-${f}`;

/**
 * Email and password sign-in (error summary that takes focus and links to each field, the message
 * again beside the field); the organisation account (OIDC) when configured; in a demo installation,
 * the demo accounts to fill in. Shown at whatever URL the user opened: signing in lands them there.
 */
export function SignInPage() {
  const { signedIn, notice } = useSessionState();
  const [params, setParams] = useSearchParams();
  const options = useSignInOptions().data;
  const demoUsers = useDemoUsers().data ?? [];
  const [failure, setFailure] = useState<string | null>(() => {
    const code = params.get('signInError');
    return code ? OIDC_ERRORS[code] ?? 'Sign-in with your organisation account did not work. Try again.' : null;
  });
  const [attempt, setAttempt] = useState(0);
  const passwordRef = useRef<HTMLInputElement | null>(null);
  const { register, handleSubmit, setValue, formState: { errors, isSubmitting } } = useForm<SignInValues>({
    resolver: zodResolver(signInSchema), defaultValues: { email: '', password: '' }, shouldFocusError: false,
  });

  const submit = handleSubmit(async (v) => {
    setFailure(null);
    try {
      const s = await api<SessionInfo>('/auth/sign-in', { method: 'POST', body: { email: v.email, password: v.password }, quiet401: true });
      // Drop ?signInError= from a refused OIDC sign-in so it is not shown again.
      if (params.has('signInError')) { params.delete('signInError'); setParams(params, { replace: true }); }
      signedIn(s);
    } catch (err) {
      setValue('password', '');
      setFailure(err instanceof ApiError && err.status === 401 ? 'The email address or password is not right.' : errorText(err));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  const items = summaryItems(errors, FIELDS, idOf, failure ? [failure] : []);
  const password = register('password');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Sign in to SENDflow</h1>
        {notice && !items.length && <NotificationBanner success title="Signed out">{notice}</NotificationBanner>}
        <ErrorSummary items={items} focusKey={attempt} />
        {options?.password === false && <p>Sign in with your organisation account.</p>}
        {options?.password !== false && (
          <form onSubmit={submit} noValidate>
            <TextInput id={idOf('email')} label="Email address" type="email" autoComplete="username" spellCheck={false} error={errors.email?.message} {...register('email')} />
            <TextInput id={idOf('password')} label="Password" type="password" autoComplete="current-password" error={errors.password?.message}
              {...password} ref={(el) => { password.ref(el); passwordRef.current = el; }} />
            <Button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Signing in…' : 'Sign in'}</Button>
          </form>
        )}
        {options?.oidc && <p><a className="nhsuk-button nhsuk-button--secondary" href="/api/auth/oidc/start">Sign in with your organisation account</a></p>}
        {demoUsers.length > 0 && (
          <section className="nhsuk-card" aria-labelledby="demo-users">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading" id="demo-users">Demo accounts</h2>
              <p className="nhsuk-body-s">This is a demo installation. Every demo account has the password printed by <code>npm start</code>.</p>
              <ul className="nhsuk-list">
                {demoUsers.map((u) => (
                  <li key={u.email}>
                    <button type="button" className="app-link-button" onClick={() => { setValue('email', u.email); passwordRef.current?.focus(); }}>
                      Use {u.displayName}
                    </button>{' '}
                    <span className="nhsuk-body-s">{u.email} ({u.roles.join(', ')})</span>
                  </li>
                ))}
              </ul>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
