import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorText, type DemoUser, type SessionInfo, type SignInOptions } from './api-client';

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

type FieldErrors = Partial<Record<'email' | 'password', string>>;

/**
 * Email and password sign-in (GOV.UK/NHS error pattern: a summary that takes focus and links to
 * each field, and the message again beside the field); the organisation account (OIDC) when
 * configured; in a demo installation, the demo accounts to fill in.
 */
export function SignInPage({ onSignedIn, notice }: { onSignedIn: (s: SessionInfo) => void; notice: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(window.location.search).get('signInError');
    return code ? OIDC_ERRORS[code] ?? 'Sign-in with your organisation account did not work. Try again.' : null;
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [demoUsers, setDemoUsers] = useState<DemoUser[]>([]);
  const summary = useRef<HTMLDivElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api<SignInOptions>('/auth/options', { quiet401: true }).then(setOptions).catch(() => setOptions({ password: true, oidc: false }));
    // Exists only in a demo installation; elsewhere it is a 404 and the list stays empty.
    api<DemoUser[]>('/demo/users', { quiet401: true }).then(setDemoUsers).catch(() => setDemoUsers([]));
  }, []);

  useEffect(() => {
    if (error || Object.keys(fieldErrors).length) summary.current?.focus();
  }, [error, fieldErrors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing: FieldErrors = {};
    if (!email.trim()) missing.email = 'Enter your email address';
    if (!password) missing.password = 'Enter your password';
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      onSignedIn(await api<SessionInfo>('/auth/sign-in', { method: 'POST', body: { email: email.trim(), password }, quiet401: true }));
    } catch (err) {
      setPassword('');
      setError(err instanceof ApiError && err.status === 401 ? 'The email address or password is not right.' : errorText(err));
      setBusy(false);
    }
  }

  const messages = [...Object.entries(fieldErrors).map(([field, message]) => ({ field, message })), ...(error ? [{ field: null, message: error }] : [])];

  return (
    <div className="sign-in">
      <h1>Sign in to SENDflow</h1>
      {notice && !messages.length && <p className="notice" role="status">{notice}</p>}
      {messages.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="sign-in-error-title">
          <h2 id="sign-in-error-title">There is a problem</h2>
          <ul>
            {messages.map((m) => (
              <li key={m.message}>{m.field ? <a href={`#sign-in-${m.field}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`sign-in-${m.field}`)?.focus(); }}>{m.message}</a> : m.message}</li>
            ))}
          </ul>
        </div>
      )}
      {options?.password === false && <p>Sign in with your organisation account.</p>}
      {options?.password !== false && (
      <form className="panel" onSubmit={submit} noValidate>
        <div className={`field${fieldErrors.email ? ' field-error' : ''}`}>
          <label htmlFor="sign-in-email">Email address</label>
          {fieldErrors.email && <span className="error-message" id="sign-in-email-error"><span className="visually-hidden">Error:</span> {fieldErrors.email}</span>}
          <input id="sign-in-email" type="email" autoComplete="username" spellCheck={false} value={email} onChange={(e) => setEmail(e.target.value)}
            aria-invalid={fieldErrors.email ? true : undefined} aria-describedby={fieldErrors.email ? 'sign-in-email-error' : undefined} />
        </div>
        <div className={`field${fieldErrors.password ? ' field-error' : ''}`}>
          <label htmlFor="sign-in-password">Password</label>
          {fieldErrors.password && <span className="error-message" id="sign-in-password-error"><span className="visually-hidden">Error:</span> {fieldErrors.password}</span>}
          <input id="sign-in-password" ref={passwordInput} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={fieldErrors.password ? true : undefined} aria-describedby={fieldErrors.password ? 'sign-in-password-error' : undefined} />
        </div>
        <div className="actions">
          <button className="button" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </div>
      </form>
      )}
      {options?.oidc && (
        <p><a className="button button-secondary" href="/api/auth/oidc/start">Sign in with your organisation account</a></p>
      )}
      {demoUsers.length > 0 && (
        <section className="panel" aria-labelledby="demo-users">
          <h2 id="demo-users">Demo accounts</h2>
          <p className="hint">This is a demo installation. Every demo account has the password printed by <code>npm start</code>.</p>
          <ul className="demo-users">
            {demoUsers.map((u) => (
              <li key={u.email}>
                <button type="button" className="link-button" onClick={() => { setEmail(u.email); passwordInput.current?.focus(); }}>
                  Use {u.displayName}
                </button>{' '}
                <span className="hint">{u.email} ({u.roles.join(', ')})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
