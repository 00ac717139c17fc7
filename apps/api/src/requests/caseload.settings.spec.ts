import { parseApiConfig } from '../config/api-config';
import { CaseloadSettings } from './caseload.settings';

/** The settings as the API builds them: from its one checked environment. */
const caseload = (env: Record<string, string>) => new CaseloadSettings(parseApiConfig({ DATABASE_URL: 'postgres://x@h/db', ...env }));

describe('CaseloadSettings', () => {
  it('defaults to red at 5 days and amber at 10', () => {
    expect(caseload({}).rag).toEqual({ redDays: 5, amberDays: 10 });
  });
  it('reads RAG_RED_DAYS and RAG_AMBER_DAYS', () => {
    expect(caseload({ RAG_RED_DAYS: '3', RAG_AMBER_DAYS: ' 7 ' }).rag).toEqual({ redDays: 3, amberDays: 7 });
  });
  it.each([
    [{ RAG_RED_DAYS: 'five' }, /RAG_RED_DAYS/],
    [{ RAG_AMBER_DAYS: '-2' }, /RAG_AMBER_DAYS/],
    [{ RAG_RED_DAYS: '8', RAG_AMBER_DAYS: '6' }, /RAG_AMBER_DAYS/],
  ])('stops the start on %j, naming the variable', (env, name) => {
    expect(() => caseload(env)).toThrow(new RegExp(`\\n  ${name.source}: `));
  });
});
