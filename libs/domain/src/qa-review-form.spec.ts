import { DEFAULT_AUDIT_CRITERIA, validateFormData } from './forms';

const allPass = Object.fromEntries(DEFAULT_AUDIT_CRITERIA.map((c) => [c.id, { result: 'pass' }]));
const fields = (r: ReturnType<typeof validateFormData>) => (r.ok ? [] : r.issues.map((i) => i.field));

describe('quality review form: pass or fail per criterion', () => {
  it('approves when every criterion passes', () => {
    expect(validateFormData('qa_review', 'approved', { criteria: allPass }).ok).toBe(true);
  });

  it('names every criterion not recorded (0 criteria)', () => {
    expect(fields(validateFormData('qa_review', 'approved', { criteria: {} }))).toEqual(DEFAULT_AUDIT_CRITERIA.map((c) => `data.criteria.${c.id}`));
    expect(fields(validateFormData('qa_review', 'approved', {}))).toEqual(['data.criteria']);
  });

  it('refuses a fail without a comment, and an unknown criterion', () => {
    const r = validateFormData('qa_review', 'approved', { criteria: { ...allPass, daily_life: { result: 'fail' } }, overrideReason: 'x' });
    expect(fields(r)).toEqual(['data.criteria.daily_life.comment']);
    expect(fields(validateFormData('qa_review', 'approved', { criteria: { ...allPass, made_up: { result: 'pass' } } }))).toEqual(['data.criteria']);
    expect(fields(validateFormData('qa_review', 'approved', { criteria: { ...allPass, jargon_free: { result: 'met' } } }))).toEqual(['data.criteria.jargon_free.result']);
  });

  it('approving over a failed criterion needs an override reason', () => {
    const failed = { criteria: { ...allPass, daily_life: { result: 'fail', comment: 'Impact on school day not described' } } };
    const r = validateFormData('qa_review', 'approved', failed);
    expect(fields(r)).toEqual(['data.overrideReason']);
    expect(validateFormData('qa_review', 'approved', { ...failed, overrideReason: 'Minor; LA deadline tomorrow, clinician confirmed by phone' }).ok).toBe(true);
  });

  it('returning for rework needs comments, not an override', () => {
    const failed = { criteria: { ...allPass, daily_life: { result: 'fail', comment: 'Say what it means in class' } } };
    expect(fields(validateFormData('qa_review', 'rework', failed))).toEqual(['data.comments']);
    expect(validateFormData('qa_review', 'rework', { ...failed, comments: 'See criteria', sectionComments: { healthNeeds: 'Add the diagnosis date' } }).ok).toBe(true);
    expect(fields(validateFormData('qa_review', 'rework', { ...failed, comments: 'x', sectionComments: { nonsense: 'y' } }))).toEqual(['data.sectionComments']);
  });
});

describe('pro forma: submit names each missing section', () => {
  it('lists every missing section as required', () => {
    const r = validateFormData('pro_forma', 'submitted', { healthNeeds: 'Some' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual(['data.author', 'data.sourcesOfInformation', 'data.impactOnDailyLife', 'data.strengths', 'data.outcomesSought', 'data.provision', 'data.views']);
    expect(r.issues.every((i) => i.message === 'is required')).toBe(true);
  });

  it('accepts not known to this service with reason, date and signpost', () => {
    expect(validateFormData('pro_forma', 'not_known', { reason: 'No record on the caseload', date: '2026-11-20', signpost: 'Ask the GP' }).ok).toBe(true);
    expect(fields(validateFormData('pro_forma', 'not_known', { reason: 'x' }))).toEqual(['data.date', 'data.signpost']);
  });
});
