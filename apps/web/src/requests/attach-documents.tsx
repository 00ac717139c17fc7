import { useCallback, useId, useRef, useState } from 'react';
import { uploadDocument, useInvalidateRequest } from '../api/hooks';
import { ApiError, errorText } from '../api/http';
import { ErrorMessage } from '../ui/fields';
import { Button } from '../ui/parts';

/**
 * Attaching the LA's documents to a request: one file field (several files), each file uploaded
 * on its own with its progress, and each failure said against the field, by file name. The API
 * decides the type by the file's content and the size by its setting; the extension check here only
 * saves a round trip for the obvious cases.
 */
export const ACCEPT = '.pdf,.doc,.docx,.png,.jpg,.jpeg,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg';
const KNOWN_EXTENSIONS = /\.(pdf|docx?|png|jpe?g)$/i;
const TYPES_TEXT = 'a PDF, a Word document (.docx or .doc), a PNG or a JPEG';

export interface Upload { key: string; file: File; progress: number; state: 'waiting' | 'uploading' | 'done' | 'failed'; error?: string }

/** What is wrong with a file before it is sent, or null. */
export function fileProblem(file: File): string | null {
  if (!KNOWN_EXTENSIONS.test(file.name)) return `${file.name} is not ${TYPES_TEXT}`;
  if (file.size === 0) return `${file.name} is empty`;
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why the API refused a file, in the coordinator's words. */
function uploadError(file: File, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 413) return `${file.name} (${formatSize(file.size)}) is larger than SENDflow takes: ask the LA for a smaller copy or split it`;
    if (err.status === 415) return `${file.name} is not ${TYPES_TEXT} (judged by its content)`;
    return `${file.name} was not attached: ${err.message}`;
  }
  return `${file.name} was not attached: ${errorText(err)}`;
}

/** The files chosen and their uploads; `uploadAll` sends those not yet attached, one at a time. */
export function useDocumentUploads() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const counter = useRef(0);
  const invalidate = useInvalidateRequest();
  const patch = (key: string, p: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));

  const choose = useCallback((files: FileList | null) => {
    const chosen = Array.from(files ?? []).map((file) => {
      const problem = fileProblem(file);
      return { key: `f${counter.current++}`, file, progress: 0, state: problem ? 'failed' : 'waiting', error: problem ?? undefined } as Upload;
    });
    // A new choice replaces what failed or waits; what is attached stays listed.
    setUploads((list) => [...list.filter((u) => u.state === 'done'), ...chosen]);
  }, []);
  const clear = useCallback(() => setUploads([]), []);

  /** Uploads every waiting file; answers how many were attached and how many failed. */
  const uploadAll = useCallback(async (requestId: string, list: Upload[]) => {
    let attached = 0;
    let failed = list.filter((u) => u.state === 'failed').length;
    for (const u of list.filter((x) => x.state === 'waiting')) {
      patch(u.key, { state: 'uploading', progress: 0 });
      try {
        await uploadDocument(requestId, u.file, (progress) => patch(u.key, { progress }));
        patch(u.key, { state: 'done', progress: 1 });
        attached++;
      } catch (err) {
        patch(u.key, { state: 'failed', error: uploadError(u.file, err) });
        failed++;
      }
    }
    if (attached) await invalidate(requestId);
    return { attached, failed };
  }, [invalidate]);

  const errors = uploads.filter((u) => u.state === 'failed').map((u) => u.error!);
  return { uploads, choose, clear, uploadAll, errors, busy: uploads.some((u) => u.state === 'uploading') };
}

/** The NHS file field with the chosen files listed under it, each with its progress or its result. */
export function DocumentsField({ id, label, hint, uploads, errors, onChoose, disabled }: {
  id: string; label: string; hint?: string; uploads: Upload[]; errors: string[]; onChoose: (files: FileList | null) => void; disabled?: boolean;
}) {
  const error = errors.length ? errors.join('. ') : undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>{label}</label>
      <div className="nhsuk-hint" id={`${id}-hint`}>{hint ?? `Each file ${TYPES_TEXT}. You can choose several.`}</div>
      {errors.map((e, i) => <ErrorMessage key={i} id={i === 0 ? id : `${id}-${i}`} error={e} />)}
      <input className={`nhsuk-file-upload${error ? ' nhsuk-file-upload--error' : ''}`} id={id} name={id} type="file" multiple accept={ACCEPT} disabled={disabled}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')} aria-invalid={error ? true : undefined}
        onChange={(e) => onChoose(e.currentTarget.files)} />
      {uploads.length > 0 && (
        <ul className="app-upload-list" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key}>
              {u.file.name}{' '}
              {u.state === 'waiting' && <span className="nhsuk-body-s">(to attach)</span>}
              {u.state === 'uploading' && <progress max={1} value={u.progress} aria-label={`Uploading ${u.file.name}`}>{Math.round(u.progress * 100)}%</progress>}
              {u.state === 'done' && <strong className="nhsuk-tag nhsuk-tag--green">Attached</strong>}
              {u.state === 'failed' && <strong className="nhsuk-tag nhsuk-tag--red">Not attached</strong>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** On the request page: attach more documents. */
export function AttachDocuments({ requestId, onAttached }: { requestId: string; onAttached: (n: number) => void }) {
  const id = useId().replace(/:/g, '');
  const { uploads, choose, clear, uploadAll, errors, busy } = useDocumentUploads();
  const waiting = uploads.filter((u) => u.state === 'waiting');
  return (
    <div className="nhsuk-card app-card-form">
      <div className="nhsuk-card__content">
        <DocumentsField id={`attach-${id}`} label="Attach documents from the LA" uploads={uploads} errors={errors} onChoose={choose} disabled={busy} />
        <Button variant="secondary" disabled={busy || waiting.length === 0} onClick={async () => {
          const { attached, failed } = await uploadAll(requestId, uploads);
          if (attached && !failed) { clear(); onAttached(attached); }
        }}>Attach {waiting.length > 1 ? `${waiting.length} documents` : 'document'}</Button>
      </div>
    </div>
  );
}
