import { CaseloadSettings } from './caseload.settings';

describe('CaseloadSettings', () => {
  it('defaults to red at 5 days and amber at 10', () => {
    expect(new CaseloadSettings({}).rag).toEqual({ redDays: 5, amberDays: 10 });
  });
  it('reads RAG_RED_DAYS and RAG_AMBER_DAYS', () => {
    expect(new CaseloadSettings({ RAG_RED_DAYS: '3', RAG_AMBER_DAYS: ' 7 ' }).rag).toEqual({ redDays: 3, amberDays: 7 });
  });
  it.each([
    [{ RAG_RED_DAYS: 'five' }, /RAG_RED_DAYS/],
    [{ RAG_AMBER_DAYS: '-2' }, /RAG_AMBER_DAYS/],
    [{ RAG_RED_DAYS: '8', RAG_AMBER_DAYS: '6' }, /RAG_AMBER_DAYS/],
  ])('stops the start on %j, naming the variable', (env, name) => {
    expect(() => new CaseloadSettings(env)).toThrow(name);
  });
});
