import type { SopDefinition } from '../sop.model';

/**
 * The default EHCNA health-advice SOP (domain.md, "The process a provider trust runs"):
 * central triage, allocation, drafting on the pro forma with QA review and a rework loop per
 * service, compile, return to the LA. Seeded as published version 1.
 */
export const EHCNA_DEFAULT_SOP: SopDefinition = {
  key: 'ehcna-health-advice',
  name: 'EHCNA health advice',
  description: 'Central coordination of health advice for EHC needs assessments (SEND Regulations 2014 reg 8).',
  graph: {
    nodes: [
      { id: 'start', kind: 'start', label: 'Request received' },
      {
        id: 'triage', kind: 'humanTask', label: 'Triage request', role: 'coordinator', serviceScoped: false, form: 'triage',
        outcomes: [{ id: 'accepted', label: 'Accept' }, { id: 'not_known', label: 'Not known to health services' }],
        target: { days: 2, unit: 'working' },
      },
      { id: 'record_not_known', kind: 'systemAction', label: 'Record not known', action: 'recordNotKnown' },
      { id: 'end_not_known', kind: 'end', label: 'Closed: not known', result: 'not_known' },
      {
        id: 'allocate', kind: 'humanTask', label: 'Allocate to services', role: 'coordinator', serviceScoped: false, form: 'allocation',
        outcomes: [{ id: 'allocated', label: 'Allocate' }], target: { days: 3, unit: 'working' },
      },
      {
        id: 'services', kind: 'perService', label: 'Each allocated service',
        body: {
          nodes: [
            { id: 'start', kind: 'start', label: 'Allocated' },
            {
              id: 'draft', kind: 'humanTask', label: 'Draft health advice', role: 'practitioner', serviceScoped: true, form: 'pro_forma',
              outcomes: [{ id: 'submitted', label: 'Submit for review' }, { id: 'not_known', label: 'Not known to this service' }], target: { days: 15, unit: 'working' },
            },
            {
              id: 'review', kind: 'humanTask', label: 'Quality review', role: 'qa_reviewer', serviceScoped: false, form: 'qa_review',
              outcomes: [{ id: 'approved', label: 'Approve' }, { id: 'rework', label: 'Return for rework' }], target: { days: 3, unit: 'working' },
            },
            {
              id: 'draft_reminder', kind: 'timer', label: 'Draft due soon', purpose: 'reminder', anchor: { from: 'taskStart', nodeId: 'draft' },
              offset: { days: 10, unit: 'working' }, notifyRole: 'practitioner', message: 'Health advice draft is due in 5 working days',
            },
            { id: 'end', kind: 'end', label: 'Advice approved' },
            // The child is not known to this service: its answer (reason, date, signpost) is its contribution.
            { id: 'end_not_known', kind: 'end', label: 'Not known to this service' },
          ],
          edges: [
            { id: 'b1', source: 'start', target: 'draft' },
            { id: 'b2', source: 'draft', target: 'review', outcome: 'submitted' },
            { id: 'b3', source: 'review', target: 'end', outcome: 'approved' },
            { id: 'b4', source: 'review', target: 'draft', outcome: 'rework' },
            { id: 'b5', source: 'draft', target: 'end_not_known', outcome: 'not_known' },
          ],
        },
      },
      { id: 'compile', kind: 'systemAction', label: 'Compile advice', action: 'compileAdvice' },
      {
        id: 'return', kind: 'humanTask', label: 'Send advice to the LA', role: 'coordinator', serviceScoped: false, form: 'return_to_la',
        outcomes: [{ id: 'sent', label: 'Sent' }], target: { days: 2, unit: 'working' },
      },
      { id: 'record_return', kind: 'systemAction', label: 'Record return', action: 'returnToLa' },
      { id: 'end', kind: 'end', label: 'Advice returned', result: 'returned' },
      {
        id: 'four_week_reminder', kind: 'timer', label: 'Four weeks gone', purpose: 'reminder', anchor: { from: 'received' },
        offset: { days: 28, unit: 'calendar' }, notifyRole: 'coordinator', message: 'Two weeks left before health advice is due',
      },
      {
        id: 'five_week_escalation', kind: 'timer', label: 'Five weeks gone', purpose: 'escalation', anchor: { from: 'received' },
        offset: { days: 35, unit: 'calendar' }, notifyRole: 'service_lead', message: 'One week left: escalate to service leads',
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'triage' },
      { id: 'e2', source: 'triage', target: 'allocate', outcome: 'accepted' },
      { id: 'e3', source: 'triage', target: 'record_not_known', outcome: 'not_known' },
      { id: 'e4', source: 'record_not_known', target: 'end_not_known' },
      { id: 'e5', source: 'allocate', target: 'services', outcome: 'allocated' },
      { id: 'e6', source: 'services', target: 'compile' },
      { id: 'e7', source: 'compile', target: 'return' },
      { id: 'e8', source: 'return', target: 'record_return', outcome: 'sent' },
      { id: 'e9', source: 'record_return', target: 'end' },
    ],
  },
};
