import { AlignmentType, Document, Footer, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { documentOutline, type OutlineBlock, type SendflowDocument } from '@sendflow/domain';
import type { TrustSettings } from './trust-settings';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

function block(b: OutlineBlock): (Paragraph | Table)[] {
  switch (b.type) {
    case 'heading': return [new Paragraph({ text: b.text, heading: HEADINGS[b.level] })];
    case 'paragraph': return b.text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] }));
    case 'fields': return [new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: b.rows.map(([k, v]) => new TableRow({ children: [cell(k, true), cell(v)] })),
    })];
    case 'table': return [new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ tableHeader: true, children: b.header.map((h) => cell(h, true)) }), ...b.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
    }), new Paragraph('')];
  }
}

/** Word's own headings and tables, so an LA caseworker can paste sections straight into the plan. */
export async function renderDocx(doc: SendflowDocument, trust: Pick<TrustSettings, 'logo'>): Promise<Buffer> {
  const logo = trust.logo
    ? [new Paragraph({ children: [new ImageRun({ type: trust.logo.type, data: trust.logo.data, transformation: { width: 160, height: 60 }, altText: { name: 'logo', description: `${doc.cover.trust.name} logo`, title: 'logo' } })] })]
    : [];
  const document = new Document({
    title: doc.title,
    creator: doc.cover.trust.name,
    description: doc.kind === 'advice' ? 'EHC needs assessment health advice' : 'Not known to health services',
    styles: { default: { document: { run: { font: 'Arial', size: 22, language: { value: doc.language } } } } },
    sections: [{
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${doc.cover.trust.name} · LA reference ${doc.cover.laReference} · version ${doc.version}`, size: 16 })] })] }) },
      children: [...logo, ...documentOutline(doc).flatMap(block)],
    }],
  });
  return Packer.toBuffer(document);
}
