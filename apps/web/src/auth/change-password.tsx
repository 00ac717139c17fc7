import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useChangePassword } from '../api/hooks';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, NotificationBanner } from '../ui/parts';

const LABELS = { currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password' } as const;
type Field = keyof typeof LABELS;
const FIELDS = Object.keys(LABELS) as Field[];
const idOf = (f: string) => `pw-${f}`;

// The length policy is the API's (its message is shown against the field); here only what a form can tell.
const schema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password'),
  newPassword: z.string().min(1, 'Enter a new password'),
  confirmPassword: z.string(),
}).refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The new passwords do not match' });

/** Change password: the API's policy messages are shown against the field they name. */
export function ChangePasswordPage() {
  const change = useChangePassword();
  const [done, setDone] = useState<string | null>(null);
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, reset, setError, formState: { errors, isDirty } } = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema), defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' }, shouldFocusError: false,
  });

  const { guard } = useUnsavedChanges(isDirty, 'the passwords you have typed');
  const submit = handleSubmit(async (v) => {
    setDone(null);
    setLoose([]);
    try {
      const res = await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      reset();
      setDone(`Your password has been changed.${res.otherSessionsEnded ? ` You have been signed out everywhere else (${res.otherSessionsEnded} other session${res.otherSessionsEnded === 1 ? '' : 's'}).` : ''}`);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, labels: LABELS }));
      setAttempt((n) => n + 1);
    }
  }, () => { setDone(null); setAttempt((n) => n + 1); });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Change your password</h1>
        {done && <NotificationBanner success>{done}</NotificationBanner>}
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        {guard}
        <form onSubmit={submit} noValidate>
          <TextInput id={idOf('currentPassword')} label={LABELS.currentPassword} type="password" autoComplete="current-password" error={errors.currentPassword?.message} {...register('currentPassword')} />
          <TextInput id={idOf('newPassword')} label={LABELS.newPassword} type="password" autoComplete="new-password" hint="At least 12 characters. A few words you will remember is a good choice."
            error={errors.newPassword?.message} {...register('newPassword')} />
          <TextInput id={idOf('confirmPassword')} label={LABELS.confirmPassword} type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register('confirmPassword')} />
          <Button type="submit" disabled={change.isPending}>Change password</Button>
        </form>
      </div>
    </div>
  );
}
