import type { SopDefinition } from '../sop.model';

/**
 * A differently shaped SOP, used in tests to prove the engine is not built around one flow:
 * a decision on the EHCP flag, an early 'not known' return, service-lead review and a DCO
 * sign-off before the return.
 */
export const EHCNA_DCO_SIGNOFF_SOP: SopDefinition = {
  key: 'ehcna-dco-signoff',
  name: 'EHCNA with DCO sign-off',
  description: 'Variant: service-lead review inside each service, Designated Clinical Officer sign-off before return.',
  graph: {
    nodes: [
      { id: 'start', kind: 'start', label: 'Request received' },
      {
        id: 'triage', kind: 'humanTask', label: 'Triage', role: 'coordinator', serviceScoped: false, form: 'triage',
        outcomes: [{ id: 'accepted', label: 'Accept' }, { id: 'not_known', label: 'Not known' }], target: { days: 1, unit: 'working' },
      },
      { id: 'nkts', kind: 'systemAction', label: 'Record not known', action: 'recordNotKnown' },
      { id: 'end_nkts', kind: 'end', label: 'Not known', result: 'not_known' },
      { id: 'has_plan', kind: 'decision', label: 'Already has an EHCP?', condition: { subject: 'request.ehcpFlag', equals: true } },
      { id: 'notify_leads', kind: 'systemAction', label: 'Tell service leads', action: 'notify', notifyRole: 'service_lead' },
      {
        id: 'allocate', kind: 'humanTask', label: 'Allocate', role: 'coordinator', serviceScoped: false, form: 'allocation',
        outcomes: [{ id: 'allocated', label: 'Allocate' }], target: { days: 2, unit: 'working' },
      },
      {
        id: 'per_service', kind: 'perService', label: 'Per service',
        body: {
          nodes: [
            { id: 'start', kind: 'start', label: 'Allocated' },
            {
              id: 'draft', kind: 'humanTask', label: 'Draft', role: 'practitioner', serviceScoped: true, form: 'pro_forma',
              outcomes: [{ id: 'submitted', label: 'Submit' }], target: { days: 12, unit: 'working' },
            },
            {
              id: 'lead_review', kind: 'humanTask', label: 'Service lead review', role: 'service_lead', serviceScoped: true, form: 'qa_review',
              outcomes: [{ id: 'approved', label: 'Approve' }, { id: 'rework', label: 'Rework' }], target: { days: 2, unit: 'working' },
            },
            { id: 'end', kind: 'end', label: 'Done' },
          ],
          edges: [
            { id: 's1', source: 'start', target: 'draft' },
            { id: 's2', source: 'draft', target: 'lead_review', outcome: 'submitted' },
            { id: 's3', source: 'lead_review', target: 'end', outcome: 'approved' },
            { id: 's4', source: 'lead_review', target: 'draft', outcome: 'rework' },
          ],
        },
      },
      { id: 'compile', kind: 'systemAction', label: 'Compile', action: 'compileAdvice' },
      {
        id: 'dco_signoff', kind: 'humanTask', label: 'DCO sign-off', role: 'qa_reviewer', serviceScoped: false, form: 'sign_off',
        outcomes: [{ id: 'signed', label: 'Sign off' }, { id: 'rework', label: 'Back to services' }], target: { days: 2, unit: 'working' },
      },
      {
        id: 'return', kind: 'humanTask', label: 'Send to LA', role: 'coordinator', serviceScoped: false, form: 'return_to_la',
        outcomes: [{ id: 'sent', label: 'Sent' }], target: { days: 1, unit: 'working' },
      },
      { id: 'record_return', kind: 'systemAction', label: 'Record return', action: 'returnToLa' },
      { id: 'end', kind: 'end', label: 'Returned', result: 'returned' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'triage' },
      { id: 'e2', source: 'triage', target: 'has_plan', outcome: 'accepted' },
      { id: 'e3', source: 'triage', target: 'nkts', outcome: 'not_known' },
      { id: 'e4', source: 'nkts', target: 'end_nkts' },
      { id: 'e5', source: 'has_plan', target: 'notify_leads', outcome: 'true' },
      { id: 'e6', source: 'has_plan', target: 'allocate', outcome: 'false' },
      { id: 'e7', source: 'notify_leads', target: 'allocate' },
      { id: 'e8', source: 'allocate', target: 'per_service', outcome: 'allocated' },
      { id: 'e9', source: 'per_service', target: 'compile' },
      { id: 'e10', source: 'compile', target: 'dco_signoff' },
      { id: 'e11', source: 'dco_signoff', target: 'return', outcome: 'signed' },
      { id: 'e12', source: 'dco_signoff', target: 'per_service', outcome: 'rework' },
      { id: 'e13', source: 'return', target: 'record_return', outcome: 'sent' },
      { id: 'e14', source: 'record_return', target: 'end' },
    ],
  },
};
