/** What the LA asks for: the statutory 6-week duty applies to both (regs 8 and 26). */
export const ADVICE_TYPES = ['needs_assessment', 'reassessment'] as const;
export type AdviceType = (typeof ADVICE_TYPES)[number];

export const REQUEST_STATUSES = [
  'received', // row written, workflow started, nothing done yet
  'in_progress', // somewhere in the SOP
  'returned', // advice sent to the LA and the date recorded
  'not_known', // closed as not known to health services (recorded outcome, reported)
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * The workflow id is the business key: the same LA reference from the same LA is one request,
 * however often it is posted. The reference is normalised so that case and stray spaces do not
 * create a second request.
 */
export function requestWorkflowId(localAuthorityCode: string, laReference: string): string {
  const ref = laReference.trim().replace(/\s+/g, ' ').toUpperCase();
  return `ehcna/${localAuthorityCode.trim().toUpperCase()}/${ref}`;
}

/**
 * A correction of returned advice runs as its own workflow, keyed by the request and the version it
 * issues, so asking twice for the same version starts it once.
 */
export function correctionWorkflowId(requestWorkflowId: string, version: number): string {
  return `${requestWorkflowId}/correction/v${version}`;
}

/** NHS numbers carry a modulus-11 check digit; a typo is caught at intake, not at the LA. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = digits.slice(0, 9).split('').reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
