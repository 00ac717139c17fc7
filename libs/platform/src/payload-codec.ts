import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parseEnv } from './config/env-schema';
import { payloadKeyEnv, refinePayloadKeyEnv, type PayloadKeyEnv } from './config/payload-env';

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

/**
 * The data converter for API and workers from the checked payload-key settings (see payloadKeyEnv);
 * undefined (payloads in clear) when no key is set, which the schema refuses in production.
 */
export function dataConverterFrom(c: PayloadKeyEnv): DataConverter | undefined {
  if (!c.TEMPORAL_PAYLOAD_KEY) return undefined;
  const key = (b64: string) => Buffer.from(b64, 'base64');
  const keys = new Map<string, Buffer>([[c.TEMPORAL_PAYLOAD_KEY_ID, key(c.TEMPORAL_PAYLOAD_KEY)]]);
  for (const [id, b64] of c.TEMPORAL_PAYLOAD_OLD_KEYS) if (id !== c.TEMPORAL_PAYLOAD_KEY_ID) keys.set(id, key(b64));
  return { payloadCodecs: [new AesGcmPayloadCodec(keys, c.TEMPORAL_PAYLOAD_KEY_ID)] };
}

/** For CLIs and tests, which read the environment directly; the API and worker use dataConverterFrom on their parsed settings. */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  return dataConverterFrom(parseEnv(payloadKeyEnv, env, 'payload key settings', [refinePayloadKeyEnv]));
}
