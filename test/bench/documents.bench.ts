/**
 * Rendering speed and memory: the PDF and DOCX of a request with 6 services (target: under 1 s
 * each on this machine): the first render in a fresh process (module loading and V8 warm-up
 * included: what a worker pays once, at start, see warmUpRenderers), then the median of ten once
 * warm, then 50 of each in a row with the process's memory before and after. Last, the text of
 * two different documents rendered one after the other is read back: the renderer's state shared
 * across documents (fonts) must not mix them up. `node -r @swc-node/register test/bench/documents.bench.ts`
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildAdviceDocument, buildNotKnownLetter, DEFAULT_SERVICES } from '@sendflow/domain';
import { renderDocument } from '@sendflow/documents';

const services = DEFAULT_SERVICES.slice(0, 6);
const para = (s: string) => `${s} `.repeat(40).trim();
const doc = buildAdviceDocument({
  documentId: '00000000-0000-4000-8000-000000000000', version: 1,
  cover: {
    childGivenName: 'Alex', childFamilyName: 'Example', childDateOfBirth: '2018-04-12', nhsNumber: '9434765919',
    localAuthority: { code: 'E06000023', name: 'Bristol, City of' }, laReference: 'EHC-BENCH-1', dateRequested: '2026-10-01',
    statutoryDueDate: '2026-11-12', dateReturned: '2026-11-10', trust: { name: 'Example Community NHS Trust', address: ['1 Health Way', 'Bristol'] },
  },
  contributions: services.map((s) => ({
    serviceCode: s.code,
    data: {
      author: { name: `${s.name} author`, role: 'Clinician', registration: 'HCPC 123' },
      sourcesOfInformation: [{ source: 'Clinic assessment', date: '2026-10-01' }, { source: 'School observation', date: '2026-10-08' }],
      healthNeeds: para('Needs'), impactOnDailyLife: para('Impact'), strengths: para('Strengths'), outcomesSought: para('Outcomes'),
      provision: [1, 2, 3].map((i) => ({ what: `Programme ${i}`, who: 'Trained assistant', frequency: 'Weekly', review: 'Termly' })),
      preparingForAdulthood: para('Adulthood'), views: para('Views'),
    },
  })),
  serviceNames: Object.fromEntries(DEFAULT_SERVICES.map((s) => [s.code, s.name])),
});

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pdfText = (pdf: Buffer) => (JSON.parse(execFileSync(process.execPath, [resolve(__dirname, '../support/pdf-text.mjs')], { input: pdf, maxBuffer: 64 << 20 }).toString()) as { text: string }).text.replace(/\s+/g, ' ');

async function main() {
  for (const format of ['pdf', 'docx'] as const) {
    const t0 = performance.now();
    const r = await renderDocument(doc, format, { logo: null });
    const first = performance.now() - t0;
    for (let i = 0; i < 4; i++) await renderDocument(doc, format, { logo: null });
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await renderDocument(doc, format, { logo: null });
      warm.push(performance.now() - t);
    }
    console.log(`${format}: one document with 6 services: first in the process ${first.toFixed(0)} ms, then ${median(warm).toFixed(0)} ms (median of 10 once warm; ${(r.body.length / 1024).toFixed(0)} kB)`);
  }
  const before = process.memoryUsage();
  let peak = before.rss;
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) {
    await renderDocument(doc, 'pdf', { logo: null });
    await renderDocument(doc, 'docx', { logo: null });
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const after = process.memoryUsage();
  console.log(`50 x (pdf + docx): ${((performance.now() - t0) / 1000).toFixed(1)} s; rss ${mb(before.rss)} -> ${mb(after.rss)} (peak ${mb(peak)}), heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}`);

  const letter = buildNotKnownLetter({
    documentId: '00000000-0000-4000-8000-000000000001', version: 1, decidedOn: '2026-10-02', details: { reason: 'Quokka Zephyr not seen since 2019', signpost: 'The DCO' },
    cover: { ...doc.cover, childGivenName: 'Quokka', childFamilyName: 'Zephyr', childDateOfBirth: '2015-01-01', nhsNumber: null, localAuthority: doc.cover.localAuthority, dateRequested: '2026-10-01', dateReturned: null },
  });
  const [a, b] = [await renderDocument(doc, 'pdf', { logo: null }), await renderDocument(letter, 'pdf', { logo: null })];
  const [ta, tb] = [pdfText(a.body), pdfText(b.body)];
  const ok = ta.includes('Alex Example') && ta.includes('Section G: health provision') && !ta.includes('Quokka') && tb.includes('Quokka Zephyr not seen since 2019') && !tb.includes('Alex');
  console.log(`text read back from two documents rendered one after the other: ${ok ? 'each has its own text' : 'MIXED UP'}`);
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
