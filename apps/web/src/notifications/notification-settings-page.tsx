import { useState } from 'react';
import { Link } from 'react-router';
import { useEmailPreference, useSetEmailPreference, type EmailPreference } from '../api/hooks';
import { ProblemSummary } from '../ui/error-summary';
import { Choice, ChoiceGroup } from '../ui/fields';
import { Button, Loading, NotificationBanner } from '../ui/parts';

const CHOICES: { value: EmailPreference; label: string; hint: string }[] = [
  { value: 'immediate', label: 'Email me each one as it happens', hint: 'One email per reminder or escalation.' },
  { value: 'digest', label: 'Email me a daily digest', hint: 'One email a day, in the morning, listing new notifications you have not read yet. Nothing is sent on a day with nothing new.' },
  { value: 'off', label: 'In the app only', hint: 'No email: you see them under Notifications.' },
];

/** /account/notifications — how reminders reach the signed-in user by email. Emails never name a child. */
export function NotificationSettingsPage() {
  const { data, error, isPending } = useEmailPreference();
  const save = useSetEmailPreference();
  const [choice, setChoice] = useState<EmailPreference | null>(null);
  const [saved, setSaved] = useState(false);
  const current = choice ?? data?.email ?? null;

  return (
    <>
      <h1>Notification settings</h1>
      <ProblemSummary error={error ?? save.error} />
      {saved && <NotificationBanner success>Saved. {CHOICES.find((c) => c.value === data?.email)?.label}.</NotificationBanner>}
      {isPending && <Loading what="your settings" />}
      {current && (
        <form onSubmit={(e) => { e.preventDefault(); setSaved(false); save.mutate(current, { onSuccess: () => { setSaved(true); setChoice(null); } }); }}>
          <ChoiceGroup id="email-preference" legend="How should reminders and escalations reach you by email?" type="radio"
            hint="Emails say only that something needs you; the details, and the child, are in SENDflow.">
            {CHOICES.map((c) => (
              <Choice key={c.value} id={`email-${c.value}`} type="radio" name="email" value={c.value} label={c.label} hint={c.hint}
                checked={current === c.value} onChange={() => { setChoice(c.value); setSaved(false); }} />
            ))}
          </ChoiceGroup>
          <Button type="submit" disabled={save.isPending}>Save</Button>
        </form>
      )}
      <p><Link to="/notifications">Back to your notifications</Link></p>
    </>
  );
}
