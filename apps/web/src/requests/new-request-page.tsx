import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useNavigate } from 'react-router';
import { ADVICE_TYPES, isValidNhsNumber } from '@sendflow/domain';
import { type CreateResult, useCreateRequest, useLocalAuthorities } from '../api/hooks';
import { ApiError } from '../api/http';
import type { IntakeConflict } from '../api/types';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary } from '../ui/error-summary';
import { Checkbox, DateInput, datePartsToIso, emptyDate, Select, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { BackLink, Button, ButtonGroup, formatDate, NotificationBanner } from '../ui/parts';
import { DocumentsField, useDocumentUploads } from './attach-documents';
import { receivedInstant } from './received-at';

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
  receivedDate: z.object({ day: z.string(), month: z.string(), year: z.string() }),
  receivedTime: z.string(),
  laDueDate: z.object({ day: z.string(), month: z.string(), year: z.string() })
    .refine((d) => { const iso = datePartsToIso(d); return iso === '' || /^\d{4}-\d{2}-\d{2}$/.test(iso); }, "Enter the LA's deadline as a real date, for example 15 1 2027, or leave it blank"),
  ehcpFlag: z.boolean(),
  adviceType: z.enum(ADVICE_TYPES),
}).superRefine((v, ctx) => {
  const received = receivedInstant(v.receivedDate, v.receivedTime);
  if ('field' in received) ctx.addIssue({ code: 'custom', path: [received.field], message: received.message });
});
type Values = z.infer<typeof schema>;
const FIELDS = ['localAuthorityCode', 'laReference', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'receivedDate', 'receivedTime', 'laDueDate', 'adviceType', 'documents'] as const;
const idOf = (f: string) => `nr-${f.split('.')[0]}`;
/** The API's field paths -> this form's fields. */
const API_FIELDS: Record<string, string> = { 'child.givenName': 'givenName', 'child.familyName': 'familyName', 'child.dateOfBirth': 'dateOfBirth', 'child.nhsNumber': 'nhsNumber', receivedAt: 'receivedDate' };

const isConflict = (err: unknown): err is ApiError & { body: IntakeConflict } =>
  err instanceof ApiError && err.status === 409 && !!(err.body as Partial<IntakeConflict> | undefined)?.existing;

/**
 * Coordinators log a request as it arrives from the local authority, with the LA's own deadline
 * and its documents. Intake is two steps for the API (record, then upload each file); if a file
 * fails after the request is saved, the page says the request is saved and offers the files again.
 */
export function NewRequestPage() {
  const navigate = useNavigate();
  const las = useLocalAuthorities().data ?? [];
  const create = useCreateRequest();
  const docs = useDocumentUploads();
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [conflict, setConflict] = useState<IntakeConflict['existing'] | null>(null);
  const [saved, setSaved] = useState<CreateResult | null>(null);
  const { register, control, handleSubmit, setError, formState: { errors, isDirty } } = useForm<Values>({
    resolver: zodResolver(schema), shouldFocusError: false,
    defaultValues: { localAuthorityCode: '', laReference: '', givenName: '', familyName: '', dateOfBirth: emptyDate, nhsNumber: '', receivedDate: emptyDate, receivedTime: '', laDueDate: emptyDate, ehcpFlag: false, adviceType: 'needs_assessment' },
  });

  const { guard, release } = useUnsavedChanges((isDirty || docs.uploads.length > 0) && !saved, 'the request you have started');

  /** After the request is saved: attach the chosen files, then open the request (or stay, naming what failed). */
  const attachAndOpen = async (result: CreateResult) => {
    const { attached, failed } = await docs.uploadAll(result.request.id, docs.uploads);
    if (failed) { setAttempt((n) => n + 1); return; }
    release();
    // Back to the caseload (the next request is usually waiting), with a link to this one.
    navigate('/requests', { state: { created: result, attached } });
  };

  const submit = handleSubmit(async (v) => {
    setLoose([]);
    setConflict(null);
    if (docs.errors.length) { setAttempt((n) => n + 1); return; }
    const laDueDate = datePartsToIso(v.laDueDate);
    const received = receivedInstant(v.receivedDate, v.receivedTime);
    const body = {
      localAuthorityCode: v.localAuthorityCode,
      laReference: v.laReference,
      child: { givenName: v.givenName, familyName: v.familyName, dateOfBirth: datePartsToIso(v.dateOfBirth), ...(v.nhsNumber.trim() ? { nhsNumber: v.nhsNumber.replace(/\s/g, '') } : {}) },
      // The schema refused a half-typed time; blank is "just now".
      receivedAt: ('at' in received && received.at) || new Date().toISOString(),
      ehcpFlag: v.ehcpFlag,
      adviceType: v.adviceType,
      ...(laDueDate ? { laDueDate } : {}),
    };
    let result: CreateResult;
    try {
      result = await create.mutateAsync(body);
    } catch (err) {
      if (isConflict(err)) {
        setConflict(err.body.existing);
        setError('laReference', { type: 'server', message: `${v.laReference} from this LA is already a request for a different child. Check the reference with the LA` });
      } else {
        setLoose(applyApiError(err, setError, { known: FIELDS, fieldFor: (f) => API_FIELDS[f] ?? f }));
      }
      setAttempt((n) => n + 1);
      return;
    }
    if (result.existing) {
      // The same child under the same reference: that request is the one, nothing new was saved.
      release();
      const notAttached = docs.uploads.length ? ' The documents you chose were not attached: attach them below if they are new.' : '';
      navigate(`/requests/${result.request.id}`, { state: { notice: `This request was already recorded for this child, so nothing new was saved. This is it.${notAttached}` } });
      return;
    }
    setSaved(result);
    await attachAndOpen(result);
  }, () => setAttempt((n) => n + 1));

  const summary = summaryItems(errors, FIELDS, idOf, loose);
  const fileItems = docs.errors.map((message) => ({ fieldId: 'nr-documents', message }));

  if (saved) {
    // The request exists; only documents remain. The form is gone so it cannot be sent twice.
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Attach the LA's documents</h1>
          <ErrorSummary items={fileItems} title="Some documents were not attached" focusKey={attempt} />
          <NotificationBanner success title="Request saved">
            Request <Link to={`/requests/${saved.request.id}`}>{saved.request.laReference}</Link> is saved and due on {formatDate(saved.request.statutoryDueDate)}.
          </NotificationBanner>
          <DocumentsField id="nr-documents" label="Documents from the LA" uploads={docs.uploads} errors={docs.errors} onChoose={docs.choose} disabled={docs.busy} />
          <ButtonGroup>
            <Button type="button" disabled={docs.busy || !docs.uploads.some((u) => u.state === 'waiting')} onClick={() => void attachAndOpen(saved)}>Attach and continue</Button>
            <Link className="nhsuk-link" to={`/requests/${saved.request.id}`} onClick={release}>Go to the request without them</Link>
          </ButtonGroup>
        </div>
      </div>
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <BackLink to="/requests">Back to requests</BackLink>
        <h1>New request</h1>
        <ErrorSummary items={[...summary, ...fileItems]} focusKey={attempt} />
        {conflict && (
          <div className="nhsuk-warning-callout" role="region" aria-labelledby="conflict-heading">
            <h2 className="nhsuk-warning-callout__label" id="conflict-heading"><span role="text"><span className="nhsuk-u-visually-hidden">Important: </span>LA reference already used for another child</span></h2>
            <p>Nothing was saved. <strong>{conflict.laReference}</strong> from this local authority is already a request for a different child.</p>
            <p><Link to={`/requests/${conflict.id}`}>Open request {conflict.laReference}</Link> to check it, and confirm the reference with the LA before recording this child.</p>
          </div>
        )}
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
          {/* Day, month and year as the date of birth is typed (no browser date picker, no browser locale), and the UK time beside it. */}
          <Controller control={control} name="receivedDate" render={({ field }) => (
            <DateInput id="nr-receivedDate" legend="Date received" hint="When the LA's request reached the trust. Leave the date and time blank if it arrived just now. For example, 27 11 2026"
              error={errors.receivedDate?.message ?? errors.receivedDate?.root?.message} value={field.value} onChange={field.onChange} onBlur={field.onBlur} />
          )} />
          <TextInput id="nr-receivedTime" label="Time received" hint="UK time, on the 24-hour clock, for example 16:40" width={5} autoComplete="off"
            error={errors.receivedTime?.message} {...register('receivedTime')} />
          <Controller control={control} name="laDueDate" render={({ field }) => (
            <DateInput id="nr-laDueDate" legend="LA's own deadline (optional)" hint="If the LA asked for the advice by a date of its own. It is shown beside the statutory date and never changes it. For example, 15 1 2027"
              error={errors.laDueDate?.message ?? errors.laDueDate?.root?.message} value={field.value} onChange={field.onChange} onBlur={field.onBlur} />
          )} />
          <Checkbox id="nr-ehcpFlag" label="The child already has an EHC plan" {...register('ehcpFlag')} />
          <Select id="nr-adviceType" label="Advice type" error={errors.adviceType?.message} {...register('adviceType')}
            options={[{ value: 'needs_assessment', label: 'Needs assessment' }, { value: 'reassessment', label: 'Reassessment' }]} />
          <DocumentsField id="nr-documents" label="Documents from the LA (optional)" uploads={docs.uploads} errors={docs.errors} onChoose={docs.choose} disabled={create.isPending || docs.busy} />
          <ButtonGroup>
            <Button type="submit" disabled={create.isPending || docs.busy}>Create request</Button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => navigate('/requests')}>Cancel</button>
          </ButtonGroup>
        </form>
      </div>
    </div>
  );
}
