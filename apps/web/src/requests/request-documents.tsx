import { useState } from 'react';
import type { DocumentVersionView } from '@sendflow/domain';
import { useRecordManualDelivery, useAdviceDocuments } from '../api/hooks';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, humanise, Table, Tag } from '../ui/parts';
import { ReopenAdviceForm } from './reopen-advice';

const enc = encodeURIComponent;
const KIND = { advice: 'Health advice', not_known_letter: 'Not-known letter' } as const;

function DeliveryTag({ d }: { d: DocumentVersionView }) {
  if (d.deliveryStatus === 'delivered') return <Tag colour="green">Delivered {formatDate(d.deliveredAt)}{d.deliveryChannel ? ` (${d.deliveryChannel})` : ''}</Tag>;
  if (d.deliveryStatus === 'awaiting_manual') return <Tag colour="orange">To send</Tag>;
  return <Tag colour={d.lastError ? 'red' : 'grey'}>{d.lastError ? `Not delivered: ${d.lastError}` : 'Not sent yet'}</Tag>;
}

/**
 * The documents issued for the LA: the coordinator checks the latest in the preview before it
 * goes, downloads each format, and records sending one that awaits a manual delivery.
 */
export function RequestDocuments({ requestId, isCoordinator, returned, services, onReopened }: {
  requestId: string; isCoordinator: boolean; returned: boolean; services: { code: string; name: string }[]; onReopened: (version: number) => void;
}) {
  const { data: docs, error } = useAdviceDocuments(requestId);
  const [shown, setShown] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState('');
  const record = useRecordManualDelivery(requestId);
  if (!docs?.length && !error) return null;
  const latest = docs?.[docs.length - 1];
  const previewId = shown ?? latest?.id;
  const base = `/api/requests/${enc(requestId)}/advice-documents`;
  const latestAdvice = docs?.filter((d) => d.kind === 'advice').at(-1);
  // Only returned advice is reopened, and one correction at a time: the last version must have gone.
  const mayReopen = isCoordinator && returned && latestAdvice?.deliveryStatus === 'delivered';

  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents for the local authority</h2>
      <ProblemSummary error={error ?? record.error} />
      {docs && (
        <Table caption="Every version issued for the local authority, oldest first" captionHidden head={['Document', 'Version', 'Issued', 'Delivery', 'Download']}>
          {docs.map((d) => (
            <tr className="nhsuk-table__row" key={d.id}>
              <td className="nhsuk-table__cell">
                <button type="button" className="app-link-button" onClick={() => setShown(d.id)} aria-pressed={previewId === d.id}>{KIND[d.kind]}</button>
                {d.correctionReason && <span className="nhsuk-body-s"> (correction: {d.correctionReason})</span>}
              </td>
              <td className="nhsuk-table__cell">{d.version}</td>
              <td className="nhsuk-table__cell">{formatDate(d.createdAt)}</td>
              <td className="nhsuk-table__cell"><DeliveryTag d={d} /></td>
              <td className="nhsuk-table__cell">
                {(['pdf', 'docx', 'json'] as const).map((f) => (
                  <a key={f} className="app-download" href={`${base}/${enc(d.id)}/download?format=${f}`} download>{f.toUpperCase()}<span className="nhsuk-u-visually-hidden"> of {KIND[d.kind]} version {d.version}</span></a>
                ))}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {isCoordinator && docs?.filter((d) => d.deliveryStatus === 'awaiting_manual').map((d) => (
        <form key={d.id} onSubmit={(e) => { e.preventDefault(); record.mutate({ documentId: d.id, method: 'portal', sentTo }); }}>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`sent-to-${d.id}`}>Where you sent {KIND[d.kind].toLowerCase()} version {d.version} (the LA portal, an address)</label>
            <input className="nhsuk-input" id={`sent-to-${d.id}`} value={sentTo} onChange={(e) => setSentTo(e.target.value)} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={record.isPending}>Record that it was sent</button>
        </form>
      ))}
      {mayReopen && latest && <ReopenAdviceForm requestId={requestId} nextVersion={latest.version + 1} services={services} onReopened={onReopened} />}
      {previewId && (
        <iframe className="app-document-preview" title={`Preview of the ${humanise(docs?.find((d) => d.id === previewId)?.kind ?? 'document')}`}
          src={`${base}/${enc(previewId)}/preview`} style={{ width: '100%', height: '40rem', border: '1px solid #d8dde0' }} />
      )}
    </section>
  );
}
