import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import { requestProgress, type ProgressInput } from './request-progress';

const task = (nodePath: string, status: string, extra: Partial<ProgressInput['tasks'][number]> = {}): ProgressInput['tasks'][number] => ({
  nodePath, label: nodePath, status, outcome: null, dueDate: null, serviceCode: null, attempt: 1, openedAt: '2026-11-02T09:00:00Z', ...extra,
});

describe('a running request on its flow', () => {
  const base: ProgressInput = { status: 'in_progress', ehcpFlag: false, adviceType: 'needs_assessment', localAuthorityCode: 'E09000001', effectiveReceiptDate: '2026-11-02', tasks: [], timeline: [] };

  it('at triage: start done, triage current with its due date, the rest ahead, receipt timers with their dates', () => {
    const p = requestProgress(EHCNA_DEFAULT_SOP, [], { ...base, tasks: [task('triage', 'open', { dueDate: '2026-11-04' })] }, []);
    expect(p.nodeMarks.get('start')).toBe('done');
    expect(p.edgeMarks.get('e1')).toBe('done');
    expect(p.nodeMarks.get('triage')).toBe('current');
    expect(p.notes.get('triage')).toEqual(['due 4 Nov 2026']);
    expect(p.nodeMarks.get('allocate')).toBe('ahead');
    expect(p.ahead).toEqual(expect.arrayContaining(['Allocate to services', 'Send advice to the LA']));
    expect(p.notes.get('four_week_reminder')?.[0]).toMatch(/^fires \d+ (Nov|Dec) 2026$/);
    expect(p.current).toEqual([{ nodeId: 'triage', label: 'Triage request', detail: 'due 4 Nov 2026' }]);
  });

  it('in the per-service block: the path to it is done, the block current, each service where it is', () => {
    const input: ProgressInput = {
      ...base,
      tasks: [
        task('triage', 'completed', { outcome: 'accepted' }),
        task('allocate', 'completed', { outcome: 'allocated' }),
        task('services/draft', 'open', { serviceCode: 'SLT', dueDate: '2026-12-10' }),
        task('services/draft', 'completed', { serviceCode: 'OT', outcome: 'submitted' }),
        task('services/review', 'open', { serviceCode: 'OT', dueDate: '2026-12-14' }),
      ],
    };
    const top = requestProgress(EHCNA_DEFAULT_SOP, [], input, ['SLT', 'OT']);
    expect(['start', 'triage', 'allocate'].map((id) => top.nodeMarks.get(id))).toEqual(['done', 'done', 'done']);
    expect(['e1', 'e2', 'e5'].every((e) => top.edgeMarks.has(e))).toBe(true);
    expect(top.edgeMarks.has('e3')).toBe(false);
    expect(top.nodeMarks.get('services')).toBe('current');
    expect(top.nodeMarks.get('record_not_known')).toBe('ahead');
    const block = requestProgress(EHCNA_DEFAULT_SOP, ['services'], input, ['SLT', 'OT']);
    expect(block.nodeMarks.get('draft')).toBe('current');
    expect(block.notes.get('draft')).toEqual(['SLT: due 10 Dec 2026']);
    expect(block.nodeMarks.get('review')).toBe('current');
    expect(block.notes.get('review')).toEqual(['OT: due 14 Dec 2026']);
    // The draft reminder runs while SLT's draft is open: 5 working days after it opened.
    expect(block.notes.get('draft_reminder')).toEqual([expect.stringMatching(/^SLT: fires/)]);
  });

  it('a returned request: the path taken is done, nothing is ahead', () => {
    const input: ProgressInput = {
      ...base, status: 'returned',
      tasks: [
        task('triage', 'completed', { outcome: 'accepted' }),
        task('allocate', 'completed', { outcome: 'allocated' }),
        task('services/draft', 'completed', { serviceCode: 'SLT', outcome: 'submitted' }),
        task('services/review', 'completed', { serviceCode: 'SLT', outcome: 'approved' }),
        task('return', 'completed', { outcome: 'sent' }),
      ],
      timeline: [{ kind: 'advice.compiled', nodeId: 'compile' }, { kind: 'advice.returned', nodeId: 'record_return' }, { kind: 'timer.reminder', nodeId: 'four_week_reminder' }],
    };
    const p = requestProgress(EHCNA_DEFAULT_SOP, [], input, ['SLT']);
    expect(['triage', 'allocate', 'services', 'compile', 'return', 'record_return', 'end'].map((id) => p.nodeMarks.get(id))).toEqual(Array(7).fill('done'));
    expect(p.nodeMarks.has('record_not_known')).toBe(false);
    expect(p.nodeMarks.get('four_week_reminder')).toBe('done');
    expect(p.ahead).toEqual([]);
    expect(p.current).toEqual([]);
  });

  it('a rework loop: the draft is current again and the review that sent it back stays done', () => {
    const input: ProgressInput = {
      ...base,
      tasks: [
        task('triage', 'completed', { outcome: 'accepted' }),
        task('allocate', 'completed', { outcome: 'allocated' }),
        task('services/draft', 'completed', { serviceCode: 'SLT', outcome: 'submitted' }),
        task('services/review', 'completed', { serviceCode: 'SLT', outcome: 'rework' }),
        task('services/draft', 'open', { serviceCode: 'SLT', attempt: 2, dueDate: '2026-12-20' }),
      ],
    };
    const block = requestProgress(EHCNA_DEFAULT_SOP, ['services'], input, ['SLT']);
    expect(block.nodeMarks.get('draft')).toBe('current');
    expect(block.nodeMarks.get('review')).toBe('done');
    expect(block.nodeMarks.get('end')).toBe('ahead');
  });
});
