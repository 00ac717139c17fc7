import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useNavigate } from 'react-router';
import { ADVICE_TYPES, isValidNhsNumber } from '@sendflow/domain';
import { useCreateRequest, useLocalAuthorities } from '../api/hooks';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary } from '../ui/error-summary';
import { Checkbox, DateInput, datePartsToIso, emptyDate, Select, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { BackLink, Button, ButtonGroup } from '../ui/parts';

/**
 * What the coordinator types. Interim: built on libs/domain's constants; when the request intake
 * contract (libs/domain/src/http) lands, this form's schema derives from it.
 */
const schema = z.object({
  localAuthorityCode: z.string().min(1, 'Choose the local authority'),
  laReference: z.string().trim().min(1, 'Enter the LA reference').max(64, 'LA reference must be 64 characters or fewer'),
  givenName: z.string().trim().min(1, "Enter the child's given name"),
  familyName: z.string().trim().min(1, "Enter the child's family name"),
  dateOfBirth: z.object({ day: z.string(), month: z.string(), year: z.string() })
    .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(datePartsToIso(d)), "Enter the child's date of birth, for example 12 4 2018")
    .refine((d) => datePartsToIso(d) <= new Date().toISOString().slice(0, 10), 'Date of birth must be in the past'),
  nhsNumber: z.string().refine((v) => !v.trim() || isValidNhsNumber(v), 'Enter a valid 10-digit NHS number, or leave it blank'),
  receivedAt: z.string(),
  ehcpFlag: z.boolean(),
  adviceType: z.enum(ADVICE_TYPES),
});
type Values = z.infer<typeof schema>;
const FIELDS = ['localAuthorityCode', 'laReference', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'receivedAt', 'adviceType'] as const;
const idOf = (f: string) => `nr-${f.split('.')[0]}`;
/** The API's field paths -> this form's fields. */
const API_FIELDS: Record<string, string> = { 'child.givenName': 'givenName', 'child.familyName': 'familyName', 'child.dateOfBirth': 'dateOfBirth', 'child.nhsNumber': 'nhsNumber' };

/** Coordinators log a request as it arrives from the local authority. */
export function NewRequestPage() {
  const navigate = useNavigate();
  const las = useLocalAuthorities().data ?? [];
  const create = useCreateRequest();
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, control, handleSubmit, setError, formState: { errors, isDirty } } = useForm<Values>({
    resolver: zodResolver(schema), shouldFocusError: false,
    defaultValues: { localAuthorityCode: '', laReference: '', givenName: '', familyName: '', dateOfBirth: emptyDate, nhsNumber: '', receivedAt: '', ehcpFlag: false, adviceType: 'needs_assessment' },
  });

  const { guard, release } = useUnsavedChanges(isDirty, 'the request you have started');
  const submit = handleSubmit(async (v) => {
    setLoose([]);
    const received = v.receivedAt ? new Date(v.receivedAt) : new Date();
    const body = {
      localAuthorityCode: v.localAuthorityCode,
      laReference: v.laReference,
      child: { givenName: v.givenName, familyName: v.familyName, dateOfBirth: datePartsToIso(v.dateOfBirth), ...(v.nhsNumber.trim() ? { nhsNumber: v.nhsNumber.replace(/\s/g, '') } : {}) },
      receivedAt: Number.isNaN(received.getTime()) ? v.receivedAt : received.toISOString(),
      ehcpFlag: v.ehcpFlag,
      adviceType: v.adviceType,
    };
    try {
      const created = await create.mutateAsync(body);
      release();
      navigate('/requests', { state: { created } });
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, fieldFor: (f) => API_FIELDS[f] ?? f }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/requests">Back to requests</BackLink>
        <h1>New request</h1>
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        {guard}
        <form onSubmit={submit} noValidate>
          <Select id="nr-localAuthorityCode" label="Local authority" error={errors.localAuthorityCode?.message} {...register('localAuthorityCode')}
            options={[{ value: '', label: 'Choose a local authority' }, ...las.map((la) => ({ value: la.code, label: la.name }))]} />
          <TextInput id="nr-laReference" label="LA reference" width={20} error={errors.laReference?.message} {...register('laReference')} />
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Child</legend>
            <TextInput id="nr-givenName" label="Given name" autoComplete="off" error={errors.givenName?.message} {...register('givenName')} />
            <TextInput id="nr-familyName" label="Family name" autoComplete="off" error={errors.familyName?.message} {...register('familyName')} />
            <Controller control={control} name="dateOfBirth" render={({ field }) => (
              <DateInput id="nr-dateOfBirth" legend="Date of birth" hint="For example, 12 4 2018" error={errors.dateOfBirth?.message ?? errors.dateOfBirth?.root?.message}
                value={field.value} onChange={field.onChange} onBlur={field.onBlur} />
            )} />
            <TextInput id="nr-nhsNumber" label="NHS number (optional)" inputMode="numeric" width={10} error={errors.nhsNumber?.message} {...register('nhsNumber')} />
          </fieldset>
          <TextInput id="nr-receivedAt" label="Received at" type="datetime-local" hint="Leave blank for now" error={errors.receivedAt?.message} {...register('receivedAt')} />
          <Checkbox id="nr-ehcpFlag" label="The child already has an EHC plan" {...register('ehcpFlag')} />
          <Select id="nr-adviceType" label="Advice type" error={errors.adviceType?.message} {...register('adviceType')}
            options={[{ value: 'needs_assessment', label: 'Needs assessment' }, { value: 'reassessment', label: 'Reassessment' }]} />
          <ButtonGroup>
            <Button type="submit" disabled={create.isPending}>Create request</Button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => navigate('/requests')}>Cancel</button>
          </ButtonGroup>
        </form>
      </div>
    </div>
  );
}
