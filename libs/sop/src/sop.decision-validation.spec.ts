import { validateSop, type SopDefinition } from './index';

/** start → assess(task: yes|no) → check(decision) → end / end */
function flow(condition: { subject: string; equals: string | boolean }, wireAssessFirst = true): SopDefinition {
  return {
    key: 'decisions', name: 'Decisions', description: '',
    graph: {
      nodes: [
        { id: 'start', kind: 'start', label: 'Start' },
        { id: 'assess', kind: 'humanTask', label: 'Assess', role: 'coordinator', serviceScoped: false, form: 'triage', outcomes: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
        { id: 'check', kind: 'decision', label: 'Check', condition } as SopDefinition['graph']['nodes'][number],
        { id: 'done', kind: 'end', label: 'Done', result: 'returned' },
        { id: 'nk', kind: 'end', label: 'Not known', result: 'not_known' },
      ],
      edges: wireAssessFirst
        ? [
          { id: 'e1', source: 'start', target: 'assess' },
          { id: 'e2', source: 'assess', target: 'check', outcome: 'yes' },
          { id: 'e3', source: 'assess', target: 'check', outcome: 'no' },
          { id: 'e4', source: 'check', target: 'done', outcome: 'true' },
          { id: 'e5', source: 'check', target: 'nk', outcome: 'false' },
        ]
        : [
          { id: 'e1', source: 'start', target: 'check' },
          { id: 'e4', source: 'check', target: 'assess', outcome: 'true' },
          { id: 'e5', source: 'check', target: 'nk', outcome: 'false' },
          { id: 'e2', source: 'assess', target: 'done', outcome: 'yes' },
          { id: 'e3', source: 'assess', target: 'done', outcome: 'no' },
        ],
    },
  };
}
const decisionIssues = (d: SopDefinition) => validateSop(d).issues.filter((i) => i.code === 'decision_subject');

describe('decision conditions refer to what exists', () => {
  it('accepts an outcome the tested task has, decided before the decision', () => {
    expect(validateSop(flow({ subject: 'outcome.assess', equals: 'yes' })).issues).toEqual([]);
  });

  it('refuses an outcome the task does not have, listing the ones it has', () => {
    const [issue] = decisionIssues(flow({ subject: 'outcome.assess', equals: 'maybe' }));
    expect(issue.nodeId).toBe('check');
    expect(issue.message).toMatch(/"maybe".*"yes", "no"/);
  });

  it('refuses a boolean where an outcome id is needed', () => {
    expect(decisionIssues(flow({ subject: 'outcome.assess', equals: true }))).toHaveLength(1);
  });

  it('refuses a task that no path reaches before the decision', () => {
    const issues = decisionIssues(flow({ subject: 'outcome.assess', equals: 'yes' }, false));
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/no path reaches before/)]);
  });

  it('refuses a step that is not a human task', () => {
    expect(decisionIssues(flow({ subject: 'outcome.done', equals: 'yes' }))[0].message).toMatch(/not a human task/);
  });

  it('checks request fields against their types and values', () => {
    expect(decisionIssues(flow({ subject: 'request.ehcpFlag', equals: true }))).toEqual([]);
    expect(decisionIssues(flow({ subject: 'request.ehcpFlag', equals: 'true' }))).toHaveLength(1);
    expect(decisionIssues(flow({ subject: 'request.adviceType', equals: 'reassessment' }))).toEqual([]);
    expect(decisionIssues(flow({ subject: 'request.adviceType', equals: 'reassesment' }))[0].message).toMatch(/needs_assessment, reassessment/);
    expect(decisionIssues(flow({ subject: 'request.localAuthorityCode', equals: '' }))).toHaveLength(1);
    expect(decisionIssues(flow({ subject: 'request.localAuthorityCode', equals: 'E09000001' }))).toEqual([]);
  });
});
