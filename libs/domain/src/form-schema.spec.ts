import { formDefinition, type FormBundle, type FormDefinitionInput } from './form-definition';
import { formSchema, validateWithDefinition } from './form-schema';
import { SHIPPED_BUNDLE, SHIPPED_FORMS } from './forms';

const bundle: FormBundle = { forms: {}, criteria: { version: 3, items: [{ id: 'clear', text: 'Clear', active: true }, { id: 'old', text: 'Retired', active: false }] } };
const def = (input: Partial<FormDefinitionInput> & Pick<FormDefinitionInput, 'variants'>) => formDefinition.parse({ key: 'check', title: 'Check', ...input });
const fields = (r: ReturnType<typeof validateWithDefinition>) => (r.ok ? [] : r.issues.map((i) => `${i.field}: ${i.message}`));

describe('form definitions: what a manager may publish', () => {
  it('needs a default variant, distinct outcomes and distinct field ids', () => {
    const r = formDefinition.safeParse({ key: 'x', title: 'X', variants: [{ outcome: 'done', sections: [{ fields: [{ id: 'a', kind: 'text', label: 'A' }, { id: 'a', kind: 'date', label: 'A again' }] }] }, { outcome: 'done', sections: [] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['needs a default variant', 'outcome "done" appears twice', 'field "a" appears twice']);
  });

  it('refuses a rule about a field the variant does not ask for', () => {
    const r = formDefinition.safeParse({ key: 'x', title: 'X', variants: [{ outcome: 'default', sections: [{ fields: [{ id: 'a', kind: 'text', label: 'A' }] }], rules: [{ kind: 'requiredWhen', field: 'b', when: { field: 'a', equals: 'yes' }, message: 'say b' }] }] });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['refers to "b", which this variant does not ask for']);
  });

  it('refuses a rule no answer can trigger, or one on a field that is always required', () => {
    const fields = [
      { id: 'seen', kind: 'yesNo', label: 'Seen' },
      { id: 'how', kind: 'choice', label: 'How', options: [{ value: 'clinic', label: 'Clinic' }] },
      { id: 'when', kind: 'date', label: 'When' },
      { id: 'who', kind: 'text', label: 'Who', required: true },
    ];
    const rule = (field: string, when: { field: string; equals: string | boolean }) => ({ kind: 'requiredWhen', field, when, message: 'say' });
    const r = formDefinition.safeParse({
      key: 'x', title: 'X',
      variants: [{ outcome: 'default', sections: [{ fields }], rules: [rule('when', { field: 'seen', equals: 'yes' }), rule('when', { field: 'how', equals: 'home' }), rule('who', { field: 'seen', equals: true }), rule('when', { field: 'how', equals: 'clinic' })] }],
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      '"seen" is answered yes or no, so it never equals "yes"', '"how" has no option "home"', '"who" is always required, so the rule adds nothing',
    ]);
  });

  it('validates every shipped form as a definition', () => {
    for (const f of Object.values(SHIPPED_FORMS)) expect(formDefinition.safeParse(f).success).toBe(true);
  });
});

describe('form schemas generated from definitions', () => {
  it('dates are real calendar dates', () => {
    const d = def({ variants: [{ outcome: 'default', sections: [{ fields: [{ id: 'seen', kind: 'date', label: 'Seen', required: true }] }] }] });
    expect(fields(validateWithDefinition(d, 'done', { seen: '2026-02-30' }, bundle))).toEqual(['data.seen: must be a real date']);
    expect(fields(validateWithDefinition(d, 'done', { seen: '30/01/2026' }, bundle))).toEqual(['data.seen: must be a date YYYY-MM-DD']);
    expect(fields(validateWithDefinition(d, 'done', {}, bundle))).toEqual(['data.seen: is required']);
    expect(validateWithDefinition(d, 'done', { seen: '2024-02-29' }, bundle).ok).toBe(true);
  });

  it('choices, yes/no, blank text and repeating groups', () => {
    const d = def({
      variants: [{
        outcome: 'default',
        sections: [{
          fields: [
            { id: 'colour', kind: 'choice', label: 'Colour', required: true, options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
            { id: 'tags', kind: 'choice', label: 'Tags', multiple: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
            { id: 'seen', kind: 'yesNo', label: 'Seen', required: true },
            { id: 'why', kind: 'text', label: 'Why', required: true, maxLength: 5 },
            { id: 'rows', kind: 'group', label: 'Rows', required: true, repeat: { min: 2, max: 3 }, fields: [{ id: 'x', kind: 'text', label: 'X', required: true }] },
          ],
        }],
      }],
    });
    expect(fields(validateWithDefinition(d, 'default', { colour: 'green', tags: ['a', 'a'], seen: 'yes', why: '   ', rows: [{ x: 'one' }] }, bundle))).toEqual([
      'data.colour: must be one of red, blue', 'data.tags: must not repeat a choice', 'data.seen: must be yes or no', 'data.why: is required', 'data.rows: needs at least 2',
    ]);
    const ok = validateWithDefinition(d, 'default', { colour: 'red', seen: false, why: ' ok ', rows: [{ x: 'a' }, { x: 'b' }] }, bundle);
    expect(ok).toEqual({ ok: true, value: { colour: 'red', tags: [], seen: false, why: 'ok', rows: [{ x: 'a' }, { x: 'b' }] } });
  });

  it('criteria come from the bundle\'s criteria version; retired ones are not asked', () => {
    const d = def({ variants: [{ outcome: 'default', sections: [{ fields: [{ id: 'criteria', kind: 'criteria', label: 'Checklist', required: true }] }] }] });
    expect(fields(validateWithDefinition(d, 'default', { criteria: {} }, bundle))).toEqual(['data.criteria.clear: record "Clear" as pass or fail']);
    expect(fields(validateWithDefinition(d, 'default', { criteria: { clear: { result: 'pass' }, old: { result: 'pass' } } }, bundle))).toEqual([expect.stringMatching(/^data\.criteria: /)]);
    expect(validateWithDefinition(d, 'default', { criteria: { clear: { result: 'pass' } } }, bundle).ok).toBe(true);
  });

  it('a rule makes a field required when another answer has a value', () => {
    const d = def({
      variants: [{
        outcome: 'default',
        sections: [{ fields: [{ id: 'seen', kind: 'yesNo', label: 'Seen', required: true }, { id: 'when', kind: 'date', label: 'When' }] }],
        rules: [{ kind: 'requiredWhen', field: 'when', when: { field: 'seen', equals: true }, message: 'say when the child was seen' }],
      }],
    });
    expect(fields(validateWithDefinition(d, 'default', { seen: true }, bundle))).toEqual(['data.when: say when the child was seen']);
    expect(validateWithDefinition(d, 'default', { seen: false }, bundle).ok).toBe(true);
  });

  it('builds each schema once per definition, outcome and bundle', () => {
    const pf = SHIPPED_FORMS.pro_forma;
    expect(formSchema(pf, 'submitted', SHIPPED_BUNDLE)).toBe(formSchema(pf, 'default', SHIPPED_BUNDLE));
    expect(formSchema(pf, 'not_known', SHIPPED_BUNDLE)).not.toBe(formSchema(pf, 'default', SHIPPED_BUNDLE));
  });
});
