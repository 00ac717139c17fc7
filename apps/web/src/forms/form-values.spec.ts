import { SHIPPED_BUNDLE, SHIPPED_FORMS, validateWithDefinition, variantFor } from '@sendflow/domain';
import { allFields, datePartsOf, emptyRow, toData, toFormValues, variantData } from './form-values';
import { startingAnswer, taskFormSource } from './task-form-definition';

describe('form values <-> data (apps/web/src/forms/form-values.ts)', () => {
  const def = SHIPPED_FORMS.pro_forma;
  const answer = {
    author: { name: 'Sam Speech', role: 'SLT' },
    sourcesOfInformation: [{ source: 'Clinic', date: '2026-03-05' }],
    healthNeeds: 'DLD', impactOnDailyLife: 'Instructions', strengths: 'Memory', outcomesSought: 'Two-step instructions',
    provision: [{ what: 'Programme', who: 'TA', frequency: 'Weekly', review: 'Termly' }],
    views: 'Vocabulary',
  };

  it('round-trips a complete answer, and the result passes the shared schema', () => {
    const values = toFormValues(def, answer, SHIPPED_BUNDLE);
    expect((values.sourcesOfInformation as { date: unknown }[])[0].date).toEqual({ day: '5', month: '3', year: '2026' });
    const data = variantData(variantFor(def, 'default'), values);
    expect(data).toEqual(answer);
    expect(validateWithDefinition(def, 'default', data, SHIPPED_BUNDLE).ok).toBe(true);
  });

  it('starts a blank form with a row in each required repeating group and every outcome\'s fields', () => {
    const values = toFormValues(def, undefined, SHIPPED_BUNDLE);
    expect(values.provision).toEqual([{ what: '', who: '', frequency: '', review: '' }]);
    expect(values.date).toEqual({ day: '', month: '', year: '' }); // the not-known outcome's date
    expect(Object.keys(values).sort()).toEqual(allFields(def).map((f) => f.id).sort());
    expect(emptyRow(allFields(def).find((f) => f.id === 'sourcesOfInformation') as never, SHIPPED_BUNDLE)).toEqual({ source: '', date: { day: '', month: '', year: '' } });
  });

  it('sends blanks as absent, yes/no as booleans, and only recorded criteria (a comment only with a fail)', () => {
    expect(toData(allFields(SHIPPED_FORMS.triage), { complete: 'no', knownServices: ['SLT'], notes: '  ', reason: '' })).toEqual({ complete: false, knownServices: ['SLT'] });
    const review = allFields(SHIPPED_FORMS.qa_review);
    const values = toFormValues(SHIPPED_FORMS.qa_review, undefined, SHIPPED_BUNDLE);
    expect(Object.keys(values.criteria as object)).toEqual(SHIPPED_BUNDLE.criteria.items.map((c) => c.id));
    const data = toData(review, {
      ...values,
      criteria: { ...(values.criteria as object), jargon_free: { result: 'fail', comment: 'DLD' }, daily_life: { result: 'pass', comment: 'left from a fail' } },
      sectionComments: { views: 'Ask the child', healthNeeds: '' },
    });
    expect(data).toEqual({ criteria: { jargon_free: { result: 'fail', comment: 'DLD' }, daily_life: { result: 'pass' } }, sectionComments: { views: 'Ask the child' } });
  });

  it('keeps a half-typed date in a draft and opens it again as typed', () => {
    const draft = toData(allFields(def), { ...toFormValues(def, undefined, SHIPPED_BUNDLE), date: { day: '12', month: '', year: '' } });
    expect(draft.date).toBe('--12');
    expect(datePartsOf(draft.date)).toEqual({ day: '12', month: '', year: '' });
    expect(datePartsOf('not a date')).toEqual({ day: '', month: '', year: '' });
  });

  it('forgives a draft in an unexpected shape', () => {
    const values = toFormValues(def, { author: 'Sam', provision: 'lots', sourcesOfInformation: [null] }, SHIPPED_BUNDLE);
    expect(values.author).toEqual({ name: '', role: '', registration: '' });
    expect(values.provision).toEqual([{ what: '', who: '', frequency: '', review: '' }]);
    expect(values.sourcesOfInformation).toEqual([{ source: '', date: { day: '', month: '', year: '' } }]);
  });
});

describe("a task's form and starting answer (apps/web/src/forms/task-form-definition.ts)", () => {
  it('takes the definition and criteria the API sends, else the shipped ones', () => {
    expect(taskFormSource({ form: 'pro_forma' })?.definition).toBe(SHIPPED_FORMS.pro_forma);
    const criteria = { version: 2, items: [{ id: 'plain', text: 'Plain words', active: true }] };
    const own = { ...SHIPPED_FORMS.sign_off, key: 'check_advice' };
    const source = taskFormSource({ form: 'check_advice', formDefinition: own, auditCriteria: criteria });
    expect(source?.definition).toBe(own);
    expect(source?.bundle.forms.check_advice).toBe(own);
    expect(source?.bundle.criteria).toBe(criteria);
    expect(taskFormSource({ form: 'unknown_form' })).toBeNull();
  });

  it('starts from the draft, else the previous attempt, else an earlier task through prefillFrom', () => {
    const draft = { outcome: 'not_known', data: { reason: 'x' }, savedAt: '', savedBy: '', revision: 1 };
    expect(startingAnswer({ draft, prefill: null }, SHIPPED_FORMS.pro_forma)).toEqual({ outcome: 'not_known', data: { reason: 'x' } });
    const previous = { source: 'previous_attempt' as const, data: { views: 'v' }, fromTaskId: '00000000-0000-4000-8000-000000000000' };
    expect(startingAnswer({ draft: null, prefill: previous }, SHIPPED_FORMS.pro_forma)).toEqual({ outcome: null, data: { views: 'v' } });
    expect(startingAnswer({ draft: null, prefill: { ...previous, source: 'returned_advice' } }, SHIPPED_FORMS.pro_forma)).toEqual({ outcome: null, data: { views: 'v' } });
    const triage = { source: 'triage' as const, data: { knownServices: ['SLT', 'OT'] }, fromTaskId: previous.fromTaskId };
    expect(startingAnswer({ draft: null, prefill: triage }, SHIPPED_FORMS.allocation)).toEqual({ outcome: null, data: { services: ['SLT', 'OT'] } });
    const author = { source: 'author' as const, data: { author: { name: 'Sam Speech', role: 'Speech and language therapist' } }, fromTaskId: null };
    expect(startingAnswer({ draft: null, prefill: author }, SHIPPED_FORMS.pro_forma)).toEqual({ outcome: null, data: author.data });
    // A saved draft wins over the author's details.
    expect(startingAnswer({ draft, prefill: author }, SHIPPED_FORMS.pro_forma)?.data).toEqual({ reason: 'x' });
    expect(startingAnswer({ draft: null, prefill: { ...triage, data: { services: ['SLT'] } } }, SHIPPED_FORMS.allocation)?.data).toEqual({ services: ['SLT'] });
    expect(startingAnswer({ draft: null, prefill: null }, SHIPPED_FORMS.allocation)).toBeNull();
  });
});
