import { DEFAULT_RECEIPT_POLICY, validateReceiptPolicy, type ReceiptPolicy } from '@sendflow/calendar';
import { TRUST_TIME_ZONE } from '@sendflow/domain';

/** The trust's receipt rule: RECEIPT_CUTOFF=HH:mm (or `none`), default 17:00 as IPSEA describes. */
export function receiptPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ReceiptPolicy {
  const cutOff = env.RECEIPT_CUTOFF === 'none' ? null : env.RECEIPT_CUTOFF || DEFAULT_RECEIPT_POLICY.cutOff;
  return validateReceiptPolicy({ ...DEFAULT_RECEIPT_POLICY, timeZone: TRUST_TIME_ZONE, cutOff }, 'RECEIPT_CUTOFF');
}
