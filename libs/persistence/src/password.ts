import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 30 ms here, which
 * keeps sign-in responsive while making offline guessing expensive. Parameters are stored in
 * each PHC string, so raising them later leaves existing hashes verifiable.
 */
const ARGON2ID = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** False for a wrong password and for a stored value that is not an Argon2 hash (never throws on those). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
