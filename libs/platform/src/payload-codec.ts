import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * AES-256-GCM over every payload the API and workers send to Temporal: workflow inputs, Update
 * arguments (pro forma text, evidence for a pause), activity inputs and results. Temporal's
 * server, its database and anyone with Web UI access then see ciphertext, not a child's health
 * information. Each payload names its key id, so keys can rotate: the current key encrypts,
 * every configured key decrypts.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: ReadonlyMap<string, Buffer>, private readonly currentKeyId: string) {
    if (!keys.has(currentKeyId)) throw new Error(`payload key ${currentKeyId} is not among the configured keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: enc.encode(ENCODING), [KEY_ID]: enc.encode(this.currentKeyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (!p.metadata?.encoding || dec.decode(p.metadata.encoding) !== ENCODING) return p;
      const keyId = p.metadata[KEY_ID] ? dec.decode(p.metadata[KEY_ID]) : '';
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`payload encrypted with key ${keyId || '(none)'}, which is not configured`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

function parseKey(id: string, base64: string, name: string): [string, Buffer] {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${name}: key ${id} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return [id, key];
}

/**
 * The data converter for API and workers from TEMPORAL_PAYLOAD_KEY (base64, 32 bytes),
 * TEMPORAL_PAYLOAD_KEY_ID (default k1) and TEMPORAL_PAYLOAD_OLD_KEYS (`id:base64,...`, still
 * decrypted after a rotation). Without a key, payloads go in clear: allowed for development,
 * refused when NODE_ENV=production.
 */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const current = env.TEMPORAL_PAYLOAD_KEY;
  if (!current) {
    if (env.NODE_ENV === 'production') throw new Error('TEMPORAL_PAYLOAD_KEY is required in production: workflow payloads carry special-category data');
    return undefined;
  }
  const currentId = env.TEMPORAL_PAYLOAD_KEY_ID || 'k1';
  const keys = new Map<string, Buffer>([parseKey(currentId, current, 'TEMPORAL_PAYLOAD_KEY')]);
  for (const entry of (env.TEMPORAL_PAYLOAD_OLD_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [id, b64] = entry.split(':');
    if (!id || !b64) throw new Error('TEMPORAL_PAYLOAD_OLD_KEYS: expected id:base64key entries separated by commas');
    keys.set(...parseKey(id, b64, 'TEMPORAL_PAYLOAD_OLD_KEYS'));
  }
  return { payloadCodecs: [new AesGcmPayloadCodec(keys, currentId)] };
}
