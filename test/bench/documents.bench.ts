/**
 * Rendering speed and memory: the PDF and DOCX of a request with 6 services (target: under 1 s
 * each on this machine), then 50 of each in a row with the process's memory before and after.
 * Prints figures; asserts nothing. `node -r @swc-node/register test/bench/documents.bench.ts`
 */
import { buildAdviceDocument, DEFAULT_SERVICES } from '@sendflow/domain';
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

async function main() {
  for (const format of ['pdf', 'docx'] as const) {
    await renderDocument(doc, format, { logo: null }); // warm-up (fonts, modules)
    const t0 = performance.now();
    const r = await renderDocument(doc, format, { logo: null });
    console.log(`${format}: one document with 6 services in ${(performance.now() - t0).toFixed(0)} ms (${(r.body.length / 1024).toFixed(0)} kB)`);
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
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
