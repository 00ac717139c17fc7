import { z } from 'zod';
import { DEFAULT_RECEIPT_POLICY, validateReceiptPolicy, type ReceiptPolicy } from '@sendflow/calendar';
import { TRUST_TIME_ZONE } from '@sendflow/domain';

/** The trust's receipt rule: RECEIPT_CUTOFF=HH:mm (or `none`), default 17:00 as IPSEA describes. */
export const receiptEnv = z.object({
  RECEIPT_CUTOFF: z.string().trim().regex(/^(none|([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:mm (00:00-23:59) or none').transform((v): ReceiptPolicy => (
    validateReceiptPolicy({ ...DEFAULT_RECEIPT_POLICY, timeZone: TRUST_TIME_ZONE, cutOff: v === 'none' ? null : v }, 'RECEIPT_CUTOFF')
  )).default(validateReceiptPolicy({ ...DEFAULT_RECEIPT_POLICY, timeZone: TRUST_TIME_ZONE }, 'RECEIPT_CUTOFF')),
});

/** For benches and tests that read the environment directly; the API uses its checked configuration. */
export function receiptPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ReceiptPolicy {
  const raw = env.RECEIPT_CUTOFF?.trim();
  return receiptEnv.parse(raw ? { RECEIPT_CUTOFF: raw } : {}).RECEIPT_CUTOFF;
}
