import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { documentOutline, type OutlineBlock, type SendflowDocument } from '@sendflow/domain';
import type { TrustSettings } from './trust-settings';

const fontsDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const FONT_FILES = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };

// pdfmake's server build: a singleton holding fonts and access policies, set once here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfmake = require('pdfmake') as {
  setFonts(f: unknown): void; setUrlAccessPolicy(cb: (url: string) => boolean): void; setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: unknown): { getBuffer(): Promise<Buffer> };
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
};
// The fonts are read once into pdfmake's in-memory file system, not from disk on every render.
for (const file of Object.values(FONT_FILES)) pdfmake.virtualfs.writeFileSync(`sendflow-fonts/${file}`, readFileSync(join(fontsDir, file)));
pdfmake.setFonts({ Roboto: Object.fromEntries(Object.entries(FONT_FILES).map(([style, file]) => [style, `sendflow-fonts/${file}`])) });
// Nothing in a document may make the renderer fetch a URL or read a file: its fonts are in memory.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

/** One outline block as pdfmake content: the advice and the board report share the same look. */
export function pdfBlock(b: OutlineBlock): unknown {
  switch (b.type) {
    case 'heading': return { text: b.text, style: `h${b.level}`, headlineLevel: b.level, tocItem: false };
    case 'paragraph': return { text: b.text, margin: [0, 0, 0, 6] };
    case 'fields': return {
      table: { widths: [140, '*'], body: b.rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
      layout: 'noBorders', margin: [0, 0, 0, 8],
    };
    case 'table': return {
      table: { headerRows: 1, dontBreakRows: true, widths: b.header.map(() => '*'), body: [b.header.map((h) => ({ text: h, bold: true, fillColor: '#f0f4f5' })), ...b.rows] },
      layout: 'lightHorizontalLines', fontSize: 9, margin: [0, 0, 0, 8],
    };
  }
}

/** A real PDF: selectable text, headings, title, author and language in its metadata, tagged. */
export async function renderPdf(doc: SendflowDocument, trust: Pick<TrustSettings, 'logo'>): Promise<Buffer> {
  const logo = trust.logo ? [{ image: `data:image/${trust.logo.type === 'png' ? 'png' : 'jpeg'};base64,${trust.logo.data.toString('base64')}`, fit: [160, 60], margin: [0, 0, 0, 12] }] : [];
  const definition = {
    info: { title: doc.title, author: doc.cover.trust.name, subject: doc.kind === 'advice' ? 'EHC needs assessment health advice' : 'Not known to health services', creator: 'SENDflow' },
    language: doc.language,
    tagged: true,
    displayTitle: true,
    pageSize: 'A4',
    pageMargins: [48, 56, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    styles: { h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] }, h2: { fontSize: 14, bold: true, color: '#005eb8', margin: [0, 14, 0, 6] }, h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 3] } },
    footer: (page: number, pages: number) => ({ text: `${doc.cover.trust.name} · LA reference ${doc.cover.laReference} · version ${doc.version} · page ${page} of ${pages}`, fontSize: 8, alignment: 'center', margin: [0, 20, 0, 0] }),
    content: [...logo, ...documentOutline(doc).map(pdfBlock)],
  };
  return pdfmake.createPdf(definition).getBuffer();
}

/** A report (not a child's document): an outline, with the trust as author and a footer on every page. */
export interface ReportPdf {
  title: string;
  subject: string;
  author: string;
  language: string;
  footer: string;
  blocks: OutlineBlock[];
  /** Landscape suits wide figure tables (ten columns). */
  landscape?: boolean;
}

export async function renderReportPdf(r: ReportPdf, trust: Pick<TrustSettings, 'logo'>): Promise<Buffer> {
  const logo = trust.logo ? [{ image: `data:image/${trust.logo.type === 'png' ? 'png' : 'jpeg'};base64,${trust.logo.data.toString('base64')}`, fit: [160, 60], margin: [0, 0, 0, 12] }] : [];
  const definition = {
    info: { title: r.title, author: r.author, subject: r.subject, creator: 'SENDflow' },
    language: r.language,
    tagged: true,
    displayTitle: true,
    pageSize: 'A4',
    pageOrientation: r.landscape ? 'landscape' : 'portrait',
    pageMargins: [40, 48, 40, 48],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles: { h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] }, h2: { fontSize: 14, bold: true, color: '#005eb8', margin: [0, 14, 0, 6] }, h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 3] } },
    footer: (page: number, pages: number) => ({ text: `${r.footer} · page ${page} of ${pages}`, fontSize: 8, alignment: 'center', margin: [0, 20, 0, 0] }),
    content: [...logo, ...r.blocks.map(pdfBlock)],
  };
  return pdfmake.createPdf(definition).getBuffer();
}
