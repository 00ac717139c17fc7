import { buildAdviceDocument, buildNotKnownLetter, type CoverFacts } from '@sendflow/domain';
import { docxText, pdfText } from './support/documents';
import { renderDocument } from '@sendflow/documents';

const cover: CoverFacts = {
  childGivenName: 'Alex', childFamilyName: 'Example', childDateOfBirth: '2018-04-12', nhsNumber: '9434765919',
  localAuthority: { code: 'E06000023', name: 'Bristol, City of' }, laReference: 'EHC-9/1', dateRequested: '2026-10-01',
  statutoryDueDate: '2026-11-12', dateReturned: '2026-11-10', trust: { name: 'Example NHS Trust', address: ['1 High St', 'Bristol'] },
};
const proForma = (need: string, what: string) => ({
  author: { name: 'Sam Speech', role: 'SLT', registration: 'HCPC SL1' },
  sourcesOfInformation: [{ source: 'Clinic', date: '2026-10-01' }],
  healthNeeds: need, impactOnDailyLife: 'Finds instructions hard', strengths: 'Visual memory', outcomesSought: 'Follows instructions',
  provision: [{ what, who: 'TA', frequency: 'weekly', review: 'termly' }], views: 'Parents want help <b>now</b> & soon',
});
const doc = buildAdviceDocument({
  documentId: 'd1', version: 2, cover, correctionReason: 'Wrong frequency for OT',
  contributions: [{ serviceCode: 'SLT', data: proForma('Language disorder', 'Language programme') }, { serviceCode: 'OT', data: proForma('Fine motor delay', 'Handwriting group') }],
  serviceNames: { SLT: 'Speech and language therapy', OT: 'Occupational therapy' },
});
const trust = { logo: null };
const expected = ['Alex Example', '943 476 5919', 'Bristol, City of', 'EHC-9/1', '10 November 2026', 'Speech and language therapy', 'Occupational therapy',
  'Section C: health needs', 'Section G: health provision', 'Fine motor delay', 'Handwriting group', 'Wrong frequency for OT'];

describe('renderDocument', () => {
  it('PDF: selectable text with every section, title and language set', async () => {
    const r = await renderDocument(doc, 'pdf', trust);
    expect(r.contentType).toBe('application/pdf');
    expect(r.fileName).toBe('health-advice-EHC-9_1-v2.pdf');
    const pdf = await pdfText(r.body);
    for (const s of expected) expect(pdf.text).toContain(s);
    expect(pdf.title).toBe(doc.title);
    expect(pdf.language).toBe('en-GB');
    expect(r.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.body.toString('latin1')).toContain('/StructTreeRoot'); // tagged
  });

  it('DOCX: Word headings and tables with every section', async () => {
    const r = await renderDocument(doc, 'docx', trust);
    const docx = docxText(r.body);
    for (const s of expected) expect(docx.text).toContain(s);
    expect(docx.title).toBe(doc.title);
    expect(docx.xml).toContain('w:val="Heading2"');
    expect(docx.text).toContain('Parents want help <b>now</b> & soon');
  });

  it('HTML: escaped text, language set, no script', async () => {
    const html = (await renderDocument(doc, 'html', trust)).body.toString();
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('Parents want help &lt;b&gt;now&lt;/b&gt; &amp; soon');
    expect(html).not.toContain('<script');
    for (const s of expected) expect(html).toContain(s.replace('&', '&amp;'));
  });

  it('JSON: the model itself', async () => {
    const json = JSON.parse((await renderDocument(doc, 'json', trust)).body.toString());
    expect(json.summary.sectionG.map((l: { serviceName: string }) => l.serviceName)).toEqual(['Speech and language therapy', 'Occupational therapy']);
  });

  it('the not-known letter renders with its reason and signpost', async () => {
    const letter = buildNotKnownLetter({ documentId: 'd2', version: 1, cover, details: { reason: 'No contact since 2019', signpost: 'Designated clinical officer' }, decidedOn: '2026-10-03' });
    const pdf = await pdfText((await renderDocument(letter, 'pdf', trust)).body);
    expect(pdf.text).toContain('No contact since 2019');
    expect(pdf.text).toContain('Designated clinical officer');
  });
});
