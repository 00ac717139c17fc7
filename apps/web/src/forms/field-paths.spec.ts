import { REQUIRED, SHIPPED_BUNDLE, SHIPPED_FORMS, validateWithDefinition, variantFor } from '@sendflow/domain';
import { ApiError } from '../api/http';
import { applyApiIssues } from './api-issues';
import { errorEntries, fieldDomId, fieldPathOf, issueText, optionDomId, pathOfApiField, resolvePath } from './field-paths';

describe('form field paths and element ids (apps/web/src/forms/field-paths.ts)', () => {
  const proForma = variantFor(SHIPPED_FORMS.pro_forma, 'default');
  const review = variantFor(SHIPPED_FORMS.qa_review, 'default');
  const resolve = (path: string, v = proForma) => resolvePath(v, SHIPPED_BUNDLE, path);

  it('turns a data path into an element id and back, for every kind of path a form has', () => {
    for (const path of ['views', 'author.name', 'provision.0.who', 'sourcesOfInformation.12.date', 'criteria.jargon_free', 'criteria.jargon_free.comment', 'sectionComments.impactOnDailyLife']) {
      const id = fieldDomId(path);
      expect(id).toMatch(/^f(-[A-Za-z0-9_]+)+$/); // a plain CSS id: no dots to escape
      expect(fieldPathOf(id)).toBe(path);
    }
    expect(fieldDomId('provision.0.who')).toBe('f-provision-0-who');
    expect(fieldDomId('views', 'v')).toBe('v-views');
    expect(fieldPathOf('v-views', 'v')).toBe('views');
  });

  it('keeps options and foreign ids apart from field ids', () => {
    expect(optionDomId('complete', 'yes')).toBe('f-complete--yes');
    expect(optionDomId('services', 'SLT')).toBe('f-services--SLT');
    expect(fieldPathOf(optionDomId('complete', 'yes'))).toBeNull();
    expect(fieldPathOf('outcome-approved')).toBeNull();
    expect(fieldPathOf('f-')).toBeNull();
    expect(fieldPathOf('f-a--b')).toBeNull();
  });

  it("reads the API's field names (data.x.y) as paths", () => {
    expect(pathOfApiField('data.author.name')).toBe('author.name');
    expect(pathOfApiField('data')).toBe('');
    expect(pathOfApiField('outcome')).toBeNull();
  });

  it('resolves only what the variant asks for', () => {
    expect(resolve('healthNeeds')?.field.id).toBe('healthNeeds');
    expect(resolve('author.name')?.leaf?.id).toBe('name');
    expect(resolve('provision.2.who')).toMatchObject({ row: 2, leaf: { id: 'who' } });
    expect(resolve('provision.2')).toMatchObject({ row: 2 });
    expect(resolve('provision.x.who')).toBeNull();
    expect(resolve('author.0.name')).toBeNull();
    expect(resolve('author.nickname')).toBeNull();
    expect(resolve('reason')).toBeNull(); // the not-known variant's field, not the default's
    expect(resolve('reason', variantFor(SHIPPED_FORMS.pro_forma, 'not_known'))?.field.id).toBe('reason');
    expect(resolve('criteria.jargon_free.comment', review)).toMatchObject({ criterion: { id: 'jargon_free' }, part: 'comment' });
    expect(resolve('criteria.not_a_criterion', review)).toBeNull();
    expect(resolve('sectionComments.views', review)?.section?.id).toBe('views');
    expect(resolve('sectionComments.nope', review)).toBeNull();
    expect(resolve('knownServices.1', variantFor(SHIPPED_FORMS.triage, 'default'))?.field.id).toBe('knownServices');
  });

  it('says what to do about a missing answer, in the NHS style, naming the field as the form labels it', () => {
    expect(issueText(resolve('healthNeeds'), REQUIRED)).toBe('Enter health needs');
    expect(issueText(resolve('provision.0.who'), REQUIRED)).toBe('Enter who (provision 1)');
    expect(issueText(resolve('sourcesOfInformation.1.date'), REQUIRED)).toBe('Enter date (sources of information 2)');
    expect(issueText(resolve('provision'), REQUIRED)).toBe('Add provision');
    expect(issueText(resolve('complete', variantFor(SHIPPED_FORMS.triage, 'default')), REQUIRED)).toBe('Answer “Is the request complete?”');
    expect(issueText(resolve('services', variantFor(SHIPPED_FORMS.allocation, 'default')), REQUIRED)).toBe('Select services to allocate');
    expect(issueText(resolve('criteria.jargon_free', review), 'record "Free from jargon, or jargon explained" as pass or fail'))
      .toBe('Record "Free from jargon, or jargon explained" as pass or fail');
    expect(issueText(resolve('criteria.jargon_free.comment', review), 'a failed criterion needs a comment'))
      .toBe('Say what needs to change for “Free from jargon, or jargon explained”');
    expect(issueText(resolve('sourcesOfInformation.0.date'), 'must be a real date')).toBe('Date (sources of information 1): must be a real date');
    expect(issueText(null, 'form "x" is not published')).toBe('Form "x" is not published');
  });

  it("flattens react-hook-form's errors (an array's own error in root) and every schema issue resolves to a field", () => {
    const errors = {
      healthNeeds: { type: 'custom', message: 'is required', ref: {} },
      provision: Object.assign([undefined, { who: { type: 'custom', message: 'is required' } }], { root: { type: 'custom', message: 'at most 50' } }),
    };
    expect(errorEntries(errors)).toEqual([
      { path: 'healthNeeds', message: 'is required' },
      { path: 'provision.1.who', message: 'is required' },
      { path: 'provision', message: 'at most 50' },
    ]);
    const checked = validateWithDefinition(SHIPPED_FORMS.pro_forma, 'default', { sourcesOfInformation: [{ source: 'x', date: '2026-02-30' }], provision: [{}] }, SHIPPED_BUNDLE);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      for (const i of checked.issues) expect([i.field, resolve(pathOfApiField(i.field)!)]).toEqual([i.field, expect.anything()]);
    }
  });
});

describe("the API's 400 issues onto the form's fields (apps/web/src/forms/api-issues.ts)", () => {
  it('sets each issue the variant has a field for, in its own words, and returns the rest for the summary', () => {
    const set: Record<string, string> = {};
    const err = new ApiError(400, 'bad', [
      { field: 'data.views', message: 'data.views: is required' },
      { field: 'data.provision.0.who', message: 'data.provision.0.who: must be at most 500 characters' },
      { field: 'data.knownServices.1', message: 'data.knownServices.1: must be a service code' },
      { field: 'outcome', message: 'outcome: "x" is not an outcome' },
      { field: 'data.nope', message: 'data.nope: not a field of the pro_forma form' },
    ]);
    const loose = applyApiIssues(err, variantFor(SHIPPED_FORMS.pro_forma, 'default'), SHIPPED_BUNDLE, (path, e) => { set[path] = e.message; });
    expect(set).toEqual({ views: 'is required', 'provision.0.who': 'must be at most 500 characters' });
    expect(loose).toEqual(['data.knownServices.1: must be a service code', 'outcome: "x" is not an outcome', 'data.nope: not a field of the pro_forma form']);

    const triage: Record<string, string> = {};
    applyApiIssues(err, variantFor(SHIPPED_FORMS.triage, 'default'), SHIPPED_BUNDLE, (path, e) => { triage[path] = e.message; });
    expect(triage).toEqual({ knownServices: 'must be a service code' });
  });

  it('shows a failure without field issues (a conflict, the network) as one message', () => {
    const setError = jest.fn();
    expect(applyApiIssues(new ApiError(409, 'Task "Draft" is completed, not open'), variantFor(SHIPPED_FORMS.pro_forma, 'default'), SHIPPED_BUNDLE, setError)).toEqual(['Task "Draft" is completed, not open']);
    expect(setError).not.toHaveBeenCalled();
  });
});
