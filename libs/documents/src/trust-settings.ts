import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TrustDetails } from '@sendflow/domain';
import { parseEnv } from '@sendflow/platform';

/** The trust's letterhead: name and address go into the document model, the logo into each rendering. */
export interface TrustSettings extends TrustDetails {
  logo: { data: Buffer; type: 'png' | 'jpg' } | null;
}

/**
 * The letterhead (API: previews and board reports; worker: issued documents), one fragment of
 * both processes' schemas: TRUST_NAME, TRUST_ADDRESS (lines separated by "|"), TRUST_LOGO_PATH (a
 * PNG or JPEG file, read once here, so a missing or wrong file stops the start).
 */
export const trustEnv = z.object({
  TRUST_NAME: z.string().trim().max(200, 'must be at most 200 characters').default('SENDflow NHS Trust'),
  TRUST_ADDRESS: z.string().max(1000, 'must be at most 1000 characters').transform((v) => v.split('|').map((l) => l.trim()).filter(Boolean)).default([]),
  TRUST_LOGO_PATH: z.string().trim().transform((path, ctx): TrustSettings['logo'] => {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'names a file that cannot be read' });
      return z.NEVER;
    }
    const type = data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ? 'png' : data[0] === 0xff && data[1] === 0xd8 ? 'jpg' : null;
    if (!type) {
      ctx.addIssue({ code: 'custom', message: 'must be a PNG or JPEG file' });
      return z.NEVER;
    }
    return { data, type };
  }).optional(),
});

export type TrustEnv = z.output<typeof trustEnv>;

export function trustSettingsFrom(c: TrustEnv): TrustSettings {
  return { name: c.TRUST_NAME, address: c.TRUST_ADDRESS, logo: c.TRUST_LOGO_PATH ?? null };
}

/** For CLIs and tests, which read the environment directly; checked by the same fragment. */
export function trustSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TrustSettings {
  return trustSettingsFrom(parseEnv(trustEnv, env, 'trust settings'));
}
