import { readFileSync } from 'node:fs';
import type { TrustDetails } from '@sendflow/domain';

/** The trust's letterhead: name and address go into the document model, the logo into each rendering. */
export interface TrustSettings extends TrustDetails {
  logo: { data: Buffer; type: 'png' | 'jpg' } | null;
}

/**
 * From the environment: TRUST_NAME, TRUST_ADDRESS (lines separated by "|"), TRUST_LOGO_PATH (a PNG
 * or JPEG file). A logo that cannot be read is a configuration error, reported at once.
 */
export function trustSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TrustSettings {
  const logoPath = env.TRUST_LOGO_PATH?.trim();
  let logo: TrustSettings['logo'] = null;
  if (logoPath) {
    const data = readFileSync(logoPath);
    const type = data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ? 'png' : data[0] === 0xff && data[1] === 0xd8 ? 'jpg' : null;
    if (!type) throw new Error('TRUST_LOGO_PATH must be a PNG or JPEG file');
    logo = { data, type };
  }
  return {
    name: env.TRUST_NAME?.trim() || 'SENDflow NHS Trust',
    address: (env.TRUST_ADDRESS ?? '').split('|').map((l) => l.trim()).filter(Boolean),
    logo,
  };
}
