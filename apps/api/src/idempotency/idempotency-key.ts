import { createHash } from 'node:crypto';
import { badRequestFrom } from '../common/validation';

/** Keys clients send: a UUID or any token of letters, digits and - _ . : up to 100 characters. */
const KEY = /^[\w.:-]{1,100}$/;

/** The Idempotency-Key header, or undefined when absent; a malformed key is a 400 naming the header. */
export function idempotencyKeyOf(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY.test(value)) throw badRequestFrom([{ field: 'Idempotency-Key', message: 'Idempotency-Key: must be 1 to 100 letters, digits or - _ . :' }]);
  return value;
}

/** A hash of the request body with object keys sorted, so the same JSON in another key order is the same request. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('base64url');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
