import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, dataConverterFromEnv } from './payload-codec';

const key = () => randomBytes(32).toString('base64');
const codecOf = (env: Record<string, string>) => dataConverterFromEnv(env)?.payloadCodecs?.[0] as AesGcmPayloadCodec;
const secret = { healthNeeds: 'Developmental language disorder', nhsNumber: '9434765919' };

describe('AES-GCM payload codec', () => {
  it('round-trips a payload and leaves no plaintext in the encoded bytes', async () => {
    const codec = codecOf({ TEMPORAL_PAYLOAD_KEY: key() });
    const plain = defaultPayloadConverter.toPayload(secret) as Payload;
    const [encoded] = await codec.encode([plain]);
    expect(new TextDecoder().decode(encoded.metadata!.encoding)).toBe('binary/encrypted');
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('language');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
  });

  it('encrypts the same payload differently each time (random IV)', async () => {
    const codec = codecOf({ TEMPORAL_PAYLOAD_KEY: key() });
    const plain = defaultPayloadConverter.toPayload(secret) as Payload;
    const [a] = await codec.encode([plain]);
    const [b] = await codec.encode([plain]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('decrypts with an old key after rotation, and says which key is missing otherwise', async () => {
    const oldKey = key();
    const [encoded] = await codecOf({ TEMPORAL_PAYLOAD_KEY: oldKey, TEMPORAL_PAYLOAD_KEY_ID: 'k1' }).encode([defaultPayloadConverter.toPayload(secret) as Payload]);
    const rotated = codecOf({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k2', TEMPORAL_PAYLOAD_OLD_KEYS: `k1:${oldKey}` });
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([encoded]))[0])).toEqual(secret);
    const forgotten = codecOf({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k2' });
    await expect(forgotten.decode([encoded])).rejects.toThrow(/key k1, which is not configured/);
  });

  it('refuses a tampered payload', async () => {
    const codec = codecOf({ TEMPORAL_PAYLOAD_KEY: key() });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(secret) as Payload]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through (histories from before encryption was turned on)', async () => {
    const codec = codecOf({ TEMPORAL_PAYLOAD_KEY: key() });
    const plain = defaultPayloadConverter.toPayload(secret) as Payload;
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('is off without a key in development, required in production, and checks key length', () => {
    expect(dataConverterFromEnv({})).toBeUndefined();
    expect(() => dataConverterFromEnv({ NODE_ENV: 'production' })).toThrow(/TEMPORAL_PAYLOAD_KEY: is required in production/);
    expect(() => dataConverterFromEnv({ TEMPORAL_PAYLOAD_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/must be 32 bytes/);
    expect(() => dataConverterFromEnv({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_OLD_KEYS: 'nonsense' })).toThrow(/id:base64key/);
  });
});
