import { formDefinition, SHIPPED_FORMS } from '@sendflow/domain';
import { addField, addVariant, moveField, optionsFromLines, removeField, withKind, type Def } from './form-edit';

const def = (): Def => JSON.parse(JSON.stringify({
  key: 'check', title: 'Check',
  variants: [{
    outcome: 'default',
    sections: [
      { fields: [{ id: 'a', kind: 'text', label: 'A', required: true }, { id: 'b', kind: 'yesNo', label: 'B' }] },
      { title: 'Two', fields: [{ id: 'c', kind: 'longText', label: 'C' }] },
    ],
    rules: [{ kind: 'requiredWhen', field: 'c', when: { field: 'b', equals: true }, message: 'say why' }],
  }],
}));
const ids = (d: Def) => d.variants[0].sections.map((s) => s.fields.map((f) => f.id));

describe('form designer edits (form-edit.ts)', () => {
  it('moves a question within its section and across into the next, without touching the original', () => {
    const d = def();
    expect(ids(moveField(d, 0, 0, 0, 1))).toEqual([['b', 'a'], ['c']]);
    expect(ids(moveField(d, 0, 0, 1, 1))).toEqual([['a'], ['b', 'c']]);
    expect(ids(moveField(d, 0, 1, 0, -1))).toEqual([['a', 'b', 'c'], []]);
    expect(ids(moveField(d, 0, 0, 0, -1))).toEqual([['a', 'b'], ['c']]);
    expect(ids(d)).toEqual([['a', 'b'], ['c']]);
  });

  it('removes a question with the rules about it, so the definition stays valid', () => {
    const d = removeField(def(), 0, 0, 1);
    expect(ids(d)).toEqual([['a'], ['c']]);
    expect(d.variants[0].rules).toEqual([]);
    expect(formDefinition.safeParse(d).success).toBe(true);
  });

  it('adds questions with fresh ids and changes kind keeping the words', () => {
    const d = addField(addField(def(), 0, 1), 0, 1, 'choice');
    expect(ids(d)[1]).toEqual(['c', 'question1', 'question2']);
    expect(formDefinition.safeParse(d).success).toBe(true);
    const group = withKind({ id: 'x', kind: 'text', label: 'X', hint: 'h', required: true }, 'group');
    expect(group).toMatchObject({ id: 'x', label: 'X', hint: 'h', required: true, kind: 'group' });
    expect(formDefinition.safeParse({ ...def(), variants: [{ outcome: 'default', sections: [{ fields: [group] }] }] }).success).toBe(true);
  });

  it('adds an outcome variant as a copy of the default', () => {
    const d = addVariant(def(), 'rework');
    expect(d.variants.map((v) => v.outcome)).toEqual(['default', 'rework']);
    expect(d.variants[1].sections).toEqual(d.variants[0].sections);
    expect(formDefinition.safeParse(d).success).toBe(true);
  });

  it('turns option lines into options, keeping the values of labels that stay', () => {
    const before = [{ value: 'email', label: 'Email' }];
    expect(optionsFromLines('Email\nThe LA’s portal\n\nPost\nPost', before)).toEqual([
      { value: 'email', label: 'Email' }, { value: 'the_la_s_portal', label: 'The LA’s portal' }, { value: 'post', label: 'Post' }, { value: 'post_2', label: 'Post' },
    ]);
  });

  it('round-trips every shipped form through the designer’s edits', () => {
    for (const f of Object.values(SHIPPED_FORMS)) {
      if (!f.variants[0].sections.length || f.variants[0].sections[0].fields.length < 2) continue;
      const d = moveField(moveField(f, 0, 0, 0, 1), 0, 0, 1, -1);
      expect(formDefinition.parse(d)).toEqual(f);
    }
  });
});
