import { uniqueSuffix } from './test-env';

export function newRequestBody(overrides: Record<string, unknown> = {}) {
  return {
    localAuthorityCode: 'E06000023',
    laReference: `EHC-${uniqueSuffix()}`,
    child: { givenName: 'Alex', familyName: 'Example', dateOfBirth: '2018-04-12', nhsNumber: '9434765919' },
    receivedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    ehcpFlag: false,
    adviceType: 'needs_assessment',
    ...overrides,
  };
}

export const proForma = {
  author: { name: 'Sam Speech', role: 'Speech and language therapist', registration: 'HCPC SL12345' },
  sourcesOfInformation: [{ source: 'Clinic assessment', date: '2026-10-01' }],
  healthNeeds: 'Developmental language disorder.',
  impactOnDailyLife: 'Finds it hard to follow multi-step instructions in class.',
  strengths: 'Good visual memory; keen to communicate.',
  outcomesSought: 'Follows two-step classroom instructions by the end of Year 3.',
  provision: [{ what: 'Language programme', who: 'Teaching assistant trained by SLT', frequency: '3 x 20 minutes weekly', review: 'Termly by SLT' }],
  views: 'Parents want support with vocabulary.',
};

/** A quality review that records every audit criterion as passed (all seven must be recorded). */
export const allCriteriaMet = {
  criteria: Object.fromEntries(['jargon_free', 'daily_life', 'sources_dated', 'within_boundaries', 'sections_complete', 'provision_quantified', 'outcomes_separate'].map((id) => [id, { result: 'pass' }])),
};
