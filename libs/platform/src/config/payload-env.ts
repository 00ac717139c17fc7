import { z } from 'zod';
import type { EnvRefinement } from './env-schema';

const KEY_BYTES = 32;
const keyId = z.string().trim().regex(/^[\w.-]{1,40}$/, 'must be up to 40 letters, digits, _ . -');
const isKey = (b64: string) => Buffer.from(b64, 'base64').length === KEY_BYTES;

/**
 * Payload encryption (API and worker must agree): TEMPORAL_PAYLOAD_KEY (base64, 32 bytes),
 * TEMPORAL_PAYLOAD_KEY_ID (default k1), TEMPORAL_PAYLOAD_OLD_KEYS (`id:base64,...`, still decrypted
 * after a rotation). Without a key payloads go in clear: allowed for development, refused in production.
 */
export const payloadKeyEnv = z.object({
  NODE_ENV: z.string().trim().optional(),
  TEMPORAL_PAYLOAD_KEY: z.string().trim().refine(isKey, `must be ${KEY_BYTES} bytes, base64-encoded`).optional(),
  TEMPORAL_PAYLOAD_KEY_ID: keyId.default('k1'),
  TEMPORAL_PAYLOAD_OLD_KEYS: z.string().transform((raw, ctx) => {
    const keys: [string, string][] = [];
    for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [id, b64, extra] = entry.split(':');
      if (!id || !b64 || extra !== undefined || !keyId.safeParse(id).success) {
        ctx.addIssue({ code: 'custom', message: 'expected id:base64key entries separated by commas' });
        return z.NEVER;
      }
      if (!isKey(b64)) {
        // The id is not secret; the key is never echoed.
        ctx.addIssue({ code: 'custom', message: `key ${id} must be ${KEY_BYTES} bytes, base64-encoded` });
        return z.NEVER;
      }
      keys.push([id, b64]);
    }
    return keys;
  }).default([]),
});

export type PayloadKeyEnv = z.output<typeof payloadKeyEnv>;

export const refinePayloadKeyEnv: EnvRefinement = (c, ctx) => {
  if (c.NODE_ENV === 'production' && !c.TEMPORAL_PAYLOAD_KEY) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_PAYLOAD_KEY'], message: 'is required in production: workflow payloads carry special-category data' });
  }
};
