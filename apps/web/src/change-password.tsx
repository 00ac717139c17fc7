import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorText } from './api-client';

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';
const LABELS: Record<Field, string> = { currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password' };

/** Change password: the API's policy messages are shown against the field they name. */
export function ChangePasswordPage() {
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (general || Object.keys(errors).length) summary.current?.focus();
  }, [general, errors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setGeneral(null);
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) found.currentPassword = 'Enter your current password';
    if (!values.newPassword) found.newPassword = 'Enter a new password';
    else if (values.newPassword !== values.confirmPassword) found.confirmPassword = 'The new passwords do not match';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const res = await api<{ otherSessionsEnded: number }>('/auth/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      setValues({ currentPassword: '', newPassword: '', confirmPassword: '' });
      setDone(`Your password has been changed.${res.otherSessionsEnded ? ` You have been signed out everywhere else (${res.otherSessionsEnded} other session${res.otherSessionsEnded === 1 ? '' : 's'}).` : ''}`);
    } catch (err) {
      const byField: Partial<Record<Field, string>> = {};
      if (err instanceof ApiError) for (const i of err.issues) if (i.field in LABELS) byField[i.field as Field] ??= sentence(i.message, i.field as Field);
      if (Object.keys(byField).length) setErrors(byField); else setGeneral(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const messages = [...Object.entries(errors).map(([field, message]) => ({ field, message: message! })), ...(general ? [{ field: null, message: general }] : [])];
  return (
    <>
      <h1>Change your password</h1>
      {done && <p className="notice" role="status">{done}</p>}
      {messages.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="password-error-title">
          <h2 id="password-error-title">There is a problem</h2>
          <ul>{messages.map((m) => <li key={m.message}>{m.field ? <a href={`#pw-${m.field}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`pw-${m.field}`)?.focus(); }}>{m.message}</a> : m.message}</li>)}</ul>
        </div>
      )}
      <form className="panel" onSubmit={submit} noValidate>
        {(Object.keys(LABELS) as Field[]).map((f) => (
          <div key={f} className={`field${errors[f] ? ' field-error' : ''}`}>
            <label htmlFor={`pw-${f}`}>{LABELS[f]}</label>
            {f === 'newPassword' && <span className="hint" id="pw-newPassword-hint">At least 12 characters. A few words you will remember is a good choice.</span>}
            {errors[f] && <span className="error-message" id={`pw-${f}-error`}><span className="visually-hidden">Error:</span> {errors[f]}</span>}
            <input id={`pw-${f}`} type="password" autoComplete={f === 'currentPassword' ? 'current-password' : 'new-password'} value={values[f]}
              onChange={(e) => setValues({ ...values, [f]: e.target.value })} aria-invalid={errors[f] ? true : undefined}
              aria-describedby={[f === 'newPassword' ? 'pw-newPassword-hint' : '', errors[f] ? `pw-${f}-error` : ''].filter(Boolean).join(' ') || undefined} />
          </div>
        ))}
        <div className="actions"><button className="button" type="submit" disabled={busy}>Change password</button></div>
      </form>
    </>
  );
}

/** `newPassword must be at least 12 characters` -> `New password must be at least 12 characters`. */
function sentence(message: string, field: Field): string {
  return message.startsWith(field) ? `${LABELS[field]}${message.slice(field.length)}` : message;
}
