import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useReopenAdvice } from '../api/hooks';
import { ErrorSummary } from '../ui/error-summary';
import { Choice, ChoiceGroup, Textarea } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, ButtonGroup } from '../ui/parts';

const LABEL = { reason: 'Why the local authority needs a corrected version', services: 'Services that amend their advice' } as const;
const FIELDS = Object.keys(LABEL) as (keyof typeof LABEL)[];
const idOf = (f: string) => `reopen-${f}`;
// What the form can tell; the API checks the rest (the request is returned, the services were allocated).
const schema = z.object({
  reason: z.string().trim().min(10, 'Enter why the local authority needs a corrected version, in at least 10 characters').max(1000, 'Keep the reason to 1000 characters'),
  services: z.array(z.string()),
});
type Values = z.infer<typeof schema>;
const newKey = () => crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The coordinator reopens advice already returned: a reason (printed on the new version and sent
 * with it) and the services that amend their section. The new version is issued after they
 * have, and goes when the coordinator has checked it, like the first.
 */
export function ReopenAdviceForm({ requestId, nextVersion, services, onReopened }: {
  requestId: string; nextVersion: number; services: { code: string; name: string }[]; onReopened: (version: number) => void;
}) {
  const [open, setOpen] = useState(false);
  const reopen = useReopenAdvice(requestId);
  const key = useRef(newKey());
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const defaults: Values = { reason: '', services: [] };
  const { register, handleSubmit, reset, setError, formState: { errors } } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: defaults, shouldFocusError: false });

  const submit = handleSubmit(async (v) => {
    setLoose([]);
    try {
      const done = await reopen.mutateAsync({ body: { reason: v.reason, services: v.services }, idempotencyKey: key.current });
      key.current = newKey();
      reset(defaults);
      setOpen(false);
      onReopened(done.version);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, labels: LABEL }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  if (!open) return <p><Button variant="secondary" onClick={() => setOpen(true)}>Reopen the advice for a correction</Button></p>;

  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="reopen-heading">
      <div className="nhsuk-card__content">
        <h3 id="reopen-heading">Reopen the advice for a correction (version {nextVersion})</h3>
        <p className="nhsuk-hint">The local authority keeps the version it has. Version {nextVersion} is marked as a correction with your reason, goes the same way as before once you have checked it, and is listed here beside the earlier ones. The date returned stays the date of the first return.</p>
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        <Textarea id={idOf('reason')} label={LABEL.reason} rows={3} hint="Printed on the corrected version and sent with it, for example “The speech and language therapy provision should be twice weekly”"
          error={errors.reason?.message} {...register('reason')} />
        {services.length > 0 && (
          <ChoiceGroup id={idOf('services')} legend={LABEL.services} type="checkbox" hint="Each service chosen gets a task to amend its section, starting from what it returned. Choose none to send the same content as a correction." error={errors.services?.message}>
            {services.map((s) => <Choice key={s.code} id={`reopen-service-${s.code}`} type="checkbox" value={s.code} label={s.name} {...register('services')} />)}
          </ChoiceGroup>
        )}
        <ButtonGroup>
          <Button type="submit" disabled={reopen.isPending}>Reopen the advice</Button>
          <Button variant="secondary" onClick={() => { setOpen(false); reset(defaults); setLoose([]); }}>Cancel</Button>
        </ButtonGroup>
      </div>
    </form>
  );
}
