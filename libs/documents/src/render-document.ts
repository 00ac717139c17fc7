import type { DocumentFormat, SendflowDocument } from '@sendflow/domain';
import { renderDocx } from './render-docx';
import { renderHtml } from './render-html';
import { renderPdf } from './render-pdf';
import type { TrustSettings } from './trust-settings';

export interface RenderedDocument { body: Buffer; contentType: string; fileName: string }

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Renders one format; every format comes from the same model. File names carry no personal data. */
export async function renderDocument(doc: SendflowDocument, format: DocumentFormat, trust: Pick<TrustSettings, 'logo'>): Promise<RenderedDocument> {
  const renderers: Record<DocumentFormat, () => Promise<Buffer>> = {
    pdf: () => renderPdf(doc, trust),
    docx: () => renderDocx(doc, trust),
    json: async () => Buffer.from(JSON.stringify(doc, null, 2)),
    html: async () => Buffer.from(renderHtml(doc, trust)),
  };
  const base = doc.kind === 'advice' ? 'health-advice' : 'not-known-letter';
  const ref = doc.cover.laReference.replace(/[^\w-]+/g, '_').slice(0, 60);
  return { body: await renderers[format](), contentType: CONTENT_TYPES[format], fileName: `${base}-${ref}-v${doc.version}.${format}` };
}
