import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useNavigate, useParams } from 'react-router';
import { ROLES } from '@sendflow/domain';
import { useAdminUser, useSaveUser, useServices, useSetUserActive, useSetUserPassword } from '../api/hooks';
import { errorText } from '../api/http';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { Choice, ChoiceGroup, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { BackLink, Button, ButtonGroup, humanise, Loading, NotificationBanner, SummaryList, Tag } from '../ui/parts';

const SERVICE_SCOPED = ['practitioner', 'service_lead'];
// Interim: the admin user contract (libs/domain/src/http) replaces this when it lands; the rules are the API's.
const schema = z.object({
  email: z.string().trim().toLowerCase().email('Enter an email address, like name@trust.nhs.uk'),
  displayName: z.string().trim().min(1, 'Enter the name people will see').max(160),
  roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role'),
  serviceCodes: z.array(z.string()),
}).refine((v) => !v.roles.some((r) => SERVICE_SCOPED.includes(r)) || v.serviceCodes.length > 0, {
  path: ['serviceCodes'], message: 'Choose the services whose work a practitioner or service lead sees',
});
type Values = z.infer<typeof schema>;
const FIELDS = ['email', 'displayName', 'roles', 'serviceCodes'] as const;
const LABELS = { email: 'Email address', displayName: 'Name', roles: 'Roles', serviceCodes: 'Services' };
const idOf = (f: string) => `user-${f.split('.')[0]}`;

/** /admin/users/new and /admin/users/:id — add or change a user: name, roles, services; switch off or on; set a password. */
export function AdminUserPage() {
  const id = useParams().id;
  const existing = useAdminUser(id);
  if (!id) return <UserForm />;
  if (existing.isPending) return <Loading what="the user" />;
  if (existing.error) return <><BackLink to="/admin/users">Back to users</BackLink><ProblemSummary error={existing.error} /></>;
  return <UserForm key={id} id={id} />;
}

function UserForm({ id }: { id?: string }) {
  const navigate = useNavigate();
  const user = useAdminUser(id).data;
  const services = useServices().data ?? [];
  const save = useSaveUser();
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, setError, formState: { errors, isDirty } } = useForm<Values>({
    resolver: zodResolver(schema), shouldFocusError: false,
    defaultValues: { email: user?.email ?? '', displayName: user?.displayName ?? '', roles: user?.roles ?? [], serviceCodes: user?.serviceCodes ?? [] },
  });
  const { guard, release } = useUnsavedChanges(isDirty, 'the changes to this user');

  const submit = handleSubmit(async (v) => {
    setLoose([]);
    try {
      const body = id ? { displayName: v.displayName, roles: v.roles, serviceCodes: v.serviceCodes } : v;
      const saved = await save.mutateAsync({ id, body });
      release();
      navigate('/admin/users', { state: { notice: `${saved.displayName} ${id ? 'updated' : 'added'}.` } });
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, labels: LABELS, fieldFor: (f) => f.split('.')[0] }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/admin/users">Back to users</BackLink>
        <h1>{user ? user.displayName : 'Add a user'}</h1>
        {guard}
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        <form onSubmit={submit} noValidate>
          {user
            ? <SummaryList rows={[{ key: 'Email address', value: user.email }, { key: 'Status', value: user.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Switched off</Tag> }]} />
            : <TextInput id="user-email" label="Email address" type="email" autoComplete="off" spellCheck={false} error={errors.email?.message} {...register('email')} />}
          <TextInput id="user-displayName" label="Name" autoComplete="off" error={errors.displayName?.message} {...register('displayName')} />
          <ChoiceGroup id="user-roles" legend="Roles" type="checkbox" small error={errors.roles?.message}>
            {ROLES.map((r) => <Choice key={r} id={`user-role-${r}`} type="checkbox" value={r} label={humanise(r)} {...register('roles')} />)}
          </ChoiceGroup>
          <ChoiceGroup id="user-serviceCodes" legend="Services" hint="Practitioners and service leads see the work of these services." type="checkbox" small error={errors.serviceCodes?.message}>
            {services.map((s) => <Choice key={s.code} id={`user-service-${s.code}`} type="checkbox" value={s.code} label={`${s.name} (${s.code})`} {...register('serviceCodes')} />)}
          </ChoiceGroup>
          <ButtonGroup>
            <Button type="submit" disabled={save.isPending}>{user ? 'Save changes' : 'Add user'}</Button>
          </ButtonGroup>
        </form>
        {user && id && <AccountActions id={id} active={user.active} name={user.displayName} />}
      </div>
    </div>
  );
}

/** Switching off ends the user's sessions; a new password is set by the admin and told to the user in person. */
function AccountActions({ id, active, name }: { id: string; active: boolean; name: string }) {
  const setActive = useSetUserActive();
  const setPassword = useSetUserPassword();
  const [password, setPasswordValue] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [pwError, setPwError] = useState<string | null>(null);
  useEffect(() => setNotice(null), [id]);
  return (
    <>
      {notice && <NotificationBanner success>{notice}</NotificationBanner>}
      <h2>Account</h2>
      <ProblemSummary error={setActive.error} />
      <p>
        <Button variant={active ? 'warning' : 'secondary'} disabled={setActive.isPending}
          onClick={() => setActive.mutate({ id, active: !active }, { onSuccess: () => setNotice(`${name} is ${active ? 'switched off: their sessions have ended' : 'switched on again'}.`) })}>
          {active ? 'Switch off this user' : 'Switch this user on again'}
        </Button>
      </p>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        setPwError(null);
        setPassword.mutate({ id, password }, {
          onSuccess: () => { setPasswordValue(''); setNotice(`A new password is set for ${name}. Their sessions have ended.`); },
          onError: (err) => setPwError(errorText(err).replace(/^password/, 'Password')),
        });
      }}>
        <TextInput id="user-password" label="Set a new password" type="password" autoComplete="new-password" hint="At least 12 characters. Tell the user in person, never by email."
          value={password} onChange={(e) => setPasswordValue(e.target.value)} error={pwError ?? undefined} />
        <Button type="submit" variant="secondary" disabled={setPassword.isPending || !password}>Set password</Button>
      </form>
    </>
  );
}
