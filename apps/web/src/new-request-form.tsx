import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type LocalAuthority, type RequestSummary } from './api-client';
import { ErrorSummary } from './error-summary';

const empty = {
  localAuthorityCode: '', laReference: '', givenName: '', familyName: '', dateOfBirth: '', nhsNumber: '',
  receivedAt: '', ehcpFlag: false, adviceType: 'needs_assessment',
};

/** Coordinators log a request as it arrives from the local authority. */
export function NewRequestForm({ onCreated }: { onCreated: (r: RequestSummary) => void }) {
  const [las, setLas] = useState<LocalAuthority[]>([]);
  const [v, setV] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    api<LocalAuthority[]>('/local-authorities')
      .then((list) => { setLas(list); setV((s) => (s.localAuthorityCode ? s : { ...s, localAuthorityCode: list[0]?.code ?? '' })); })
      .catch((e) => setError(errorText(e)));
  }, []);

  const set = (field: keyof typeof empty) => (e: { target: HTMLInputElement | HTMLSelectElement }) =>
    setV((s) => ({ ...s, [field]: e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    let receivedAt = v.receivedAt;
    if (receivedAt) {
      const d = new Date(receivedAt);
      receivedAt = Number.isNaN(d.getTime()) ? receivedAt : d.toISOString();
    } else {
      receivedAt = new Date().toISOString();
    }
    const body = {
      localAuthorityCode: v.localAuthorityCode,
      laReference: v.laReference.trim(),
      child: { givenName: v.givenName, familyName: v.familyName, dateOfBirth: v.dateOfBirth, ...(v.nhsNumber.trim() ? { nhsNumber: v.nhsNumber.replace(/\s/g, '') } : {}) },
      receivedAt,
      ehcpFlag: v.ehcpFlag,
      adviceType: v.adviceType,
    };
    setBusy(true);
    try {
      const created = await api<RequestSummary>('/requests', { method: 'POST', body });
      setV({ ...empty, localAuthorityCode: v.localAuthorityCode });
      setOpen(false);
      onCreated(created);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return <p><button type="button" className="button" onClick={() => setOpen(true)}>New request</button></p>;
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="new-request-heading">
      <h2 id="new-request-heading">New request</h2>
      <ErrorSummary message={error} />
      <div className="field">
        <label htmlFor="nr-la">Local authority</label>
        <select id="nr-la" value={v.localAuthorityCode} onChange={set('localAuthorityCode')}>
          {las.map((la) => <option key={la.code} value={la.code}>{la.name} ({la.code})</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="nr-ref">LA reference</label>
        <input id="nr-ref" value={v.laReference} onChange={set('laReference')} aria-required="true" />
      </div>
      <fieldset>
        <legend>Child</legend>
        <div className="field">
          <label htmlFor="nr-given">Given name</label>
          <input id="nr-given" value={v.givenName} onChange={set('givenName')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="nr-family">Family name</label>
          <input id="nr-family" value={v.familyName} onChange={set('familyName')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="nr-dob">Date of birth</label>
          <input id="nr-dob" type="date" value={v.dateOfBirth} onChange={set('dateOfBirth')} />
        </div>
        <div className="field">
          <label htmlFor="nr-nhs">NHS number (optional)</label>
          <input id="nr-nhs" inputMode="numeric" value={v.nhsNumber} onChange={set('nhsNumber')} />
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="nr-received">Received at</label>
        <span className="hint" id="nr-received-hint">Leave blank for now</span>
        <input id="nr-received" type="datetime-local" aria-describedby="nr-received-hint" value={v.receivedAt} onChange={set('receivedAt')} />
      </div>
      <div className="field checkbox">
        <input id="nr-ehcp" type="checkbox" checked={v.ehcpFlag} onChange={set('ehcpFlag')} />
        <label htmlFor="nr-ehcp">The child already has an EHC plan</label>
      </div>
      <div className="field">
        <label htmlFor="nr-advice">Advice type</label>
        <select id="nr-advice" value={v.adviceType} onChange={set('adviceType')}>
          <option value="needs_assessment">Needs assessment</option>
          <option value="reassessment">Reassessment</option>
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>Create request</button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}
