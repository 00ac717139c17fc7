import { buildAdviceDocument, buildNotKnownLetter, documentOutline, formatDocumentDate, formatNhsNumber, type CoverFacts } from './advice-document';

const cover: CoverFacts = {
  childGivenName: 'Alex', childFamilyName: 'Example', childDateOfBirth: '2018-04-12', nhsNumber: '9434765919',
  localAuthority: { code: 'E06000023', name: 'Bristol, City of' }, laReference: 'EHC-1', dateRequested: '2026-10-01',
  statutoryDueDate: '2026-11-12', dateReturned: null, trust: { name: 'Example NHS Trust', address: ['1 High St', 'Bristol'] },
};
const proForma = (need: string) => ({
  author: { name: 'Sam Speech', role: 'SLT', registration: 'HCPC SL1' },
  sourcesOfInformation: [{ source: 'Clinic', date: '2026-10-01' }],
  healthNeeds: need, impactOnDailyLife: `impact of ${need}`, strengths: 'Visual memory', outcomesSought: 'Follows instructions',
  provision: [{ what: 'Language programme', who: 'TA', frequency: 'weekly', review: 'termly' }, { what: 'Review', who: 'SLT', frequency: 'termly', review: 'annually' }],
  views: 'Parents want help',
});

describe('buildAdviceDocument', () => {
  const doc = buildAdviceDocument({
    documentId: 'd1', version: 1, cover,
    contributions: [
      { serviceCode: 'SLT', data: proForma('Language disorder') },
      { serviceCode: 'OT', data: { ...proForma('Fine motor'), preparingForAdulthood: 'Travel training', author: { name: 'Olu', role: 'OT' } } },
      { serviceCode: 'CAMHS', data: { reason: 'Not seen since 2019', signpost: 'GP' } },
      { serviceCode: 'PHYSIO', data: { junk: true } },
    ],
    serviceNames: { SLT: 'Speech and language therapy', OT: 'Occupational therapy', CAMHS: 'CAMHS' },
  });

  it('puts the request and trust on the cover', () => {
    expect(doc.cover).toMatchObject({ childName: 'Alex Example', nhsNumber: '9434765919', laReference: 'EHC-1', dateReturned: null });
    expect(doc.cover.trust.name).toBe('Example NHS Trust');
    expect(doc.language).toBe('en-GB');
  });

  it('has one section per contributing service, not-known answers listed apart, and leaves out what is not a pro forma', () => {
    expect(doc.services.map((s) => s.serviceName)).toEqual(['Speech and language therapy', 'Occupational therapy']);
    expect(doc.services[1]).toMatchObject({ preparingForAdulthood: 'Travel training', author: { registration: null } });
    expect(doc.notKnown).toEqual([{ serviceCode: 'CAMHS', serviceName: 'CAMHS', reason: 'Not seen since 2019', signpost: 'GP' }]);
  });

  it('arranges the summary as the EHC plan does: section C needs and section G provision, each naming its service', () => {
    expect(doc.summary.sectionC).toEqual([
      { serviceName: 'Speech and language therapy', need: 'Language disorder', impact: 'impact of Language disorder' },
      { serviceName: 'Occupational therapy', need: 'Fine motor', impact: 'impact of Fine motor' },
    ]);
    expect(doc.summary.sectionG).toHaveLength(4);
    expect(doc.summary.sectionG[2]).toEqual({ serviceName: 'Occupational therapy', what: 'Language programme', who: 'TA', frequency: 'weekly', review: 'termly' });
  });

  it('outlines every section for the renderers', () => {
    const text = JSON.stringify(documentOutline(doc));
    for (const s of ['Alex Example', 'Section C: health needs', 'Section G: health provision', 'Speech and language therapy', 'Occupational therapy', 'Travel training', 'Services that do not know the child', 'on delivery', '943 476 5919']) {
      expect(text).toContain(s);
    }
  });
});

describe('buildNotKnownLetter', () => {
  it('gives the reason, signpost and date', () => {
    const letter = buildNotKnownLetter({ documentId: 'd2', version: 1, cover, details: { reason: 'No contact', signpost: 'DCO' }, decidedOn: '2026-10-03' });
    expect(letter).toMatchObject({ kind: 'not_known_letter', reason: 'No contact', signpost: 'DCO', decidedOn: '2026-10-03' });
    expect(JSON.stringify(documentOutline(letter))).toContain('3 October 2026');
  });
});

describe('formatting', () => {
  it('spells dates out and spaces NHS numbers', () => {
    expect(formatDocumentDate('2026-03-02')).toBe('2 March 2026');
    expect(formatDocumentDate(null)).toBe('on delivery');
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber(null)).toBe('Not given');
  });
});
