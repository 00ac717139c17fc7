import { buildAdviceDocument, type DocumentFormat, type SendflowDocument } from '@sendflow/domain';
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

/**
 * Renders a placeholder document (no one's data) once in each file format, so the first real
 * render in a process does not pay for loading the renderers and warming V8: measured here, the
 * first PDF of a process takes 1.7 to 2.3 s, later ones about 0.4 s (README, Performance).
 */
export async function warmUpRenderers(): Promise<number> {
  const t0 = performance.now();
  const doc = buildAdviceDocument({
    documentId: '00000000-0000-4000-8000-000000000000', version: 1, serviceNames: {},
    cover: {
      childGivenName: 'Warm', childFamilyName: 'Up', childDateOfBirth: '2000-01-01', nhsNumber: null, localAuthority: { code: 'E00000000', name: 'Warm-up' },
      laReference: 'WARM-UP', dateRequested: '2000-01-01', statutoryDueDate: '2000-02-12', dateReturned: null, trust: { name: 'Warm-up', address: [] },
    },
    // One section with every part, so the table and paragraph layout paths are warm too.
    contributions: [{
      serviceCode: 'WARM', data: {
        author: { name: 'Warm-up', role: 'Warm-up' }, sourcesOfInformation: [{ source: 'Warm-up', date: '2000-01-01' }], healthNeeds: 'Warm-up text.', impactOnDailyLife: 'Warm-up text.',
        strengths: 'Warm-up text.', outcomesSought: 'Warm-up text.', provision: [{ what: 'Warm-up', who: 'Warm-up', frequency: 'Weekly', review: 'Termly' }], views: 'Warm-up text.',
      },
    }],
  });
  for (let i = 0; i < 3; i++) await renderDocument(doc, 'pdf', { logo: null });
  await renderDocument(doc, 'docx', { logo: null });
  return performance.now() - t0;
}
