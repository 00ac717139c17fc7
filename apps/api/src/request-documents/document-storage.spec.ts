import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseApiConfig } from '../config/api-config';
import { verifyingStream } from './request-documents.service';
import { s3SettingsFromConfig } from './s3-document-storage';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function read(chunks: Buffer[], sha256: string, size: number): Promise<{ out: Buffer; error?: Error }> {
  const got: Buffer[] = [];
  try {
    await pipeline(Readable.from(chunks), verifyingStream(sha256, size), new Writable({ write(c: Buffer, _e, done) { got.push(c); done(); } }));
    return { out: Buffer.concat(got) };
  } catch (error) {
    return { out: Buffer.concat(got), error: error as Error };
  }
}

describe('bytes read back are checked against the recorded size and SHA-256', () => {
  const doc = Buffer.from('%PDF-1.7 a document in three chunks %%EOF');
  const chunks = [doc.subarray(0, 10), doc.subarray(10, 20), doc.subarray(20)];

  it('passes matching bytes through unchanged', async () => {
    const r = await read(chunks, sha(doc), doc.length);
    expect(r.error).toBeUndefined();
    expect(r.out.equals(doc)).toBe(true);
  });

  it('fails a same-length change before its last chunk goes out', async () => {
    const bad = Buffer.from(doc);
    bad[3] ^= 1;
    const r = await read([bad.subarray(0, 10), bad.subarray(10, 20), bad.subarray(20)], sha(doc), doc.length);
    expect(r.error?.message).toMatch(/does not match/);
    expect(r.out.length).toBeLessThan(doc.length);
  });

  it('fails bytes longer or shorter than recorded', async () => {
    expect((await read([doc, Buffer.from('x')], sha(doc), doc.length)).error?.message).toMatch(/longer/);
    expect((await read([doc.subarray(0, 20)], sha(doc), doc.length)).error?.message).toMatch(/does not match/);
  });
});

describe('document storage settings', () => {
  const base = { DATABASE_URL: 'postgres://x@h/db' };

  it('defaults to PostgreSQL, with S3 off', () => {
    const c = parseApiConfig(base);
    expect(c.DOCUMENT_STORAGE).toBe('postgres');
    expect(s3SettingsFromConfig(c)).toBeNull();
  });

  it('reads S3 settings', () => {
    const c = parseApiConfig({ ...base, DOCUMENT_STORAGE: 's3', S3_BUCKET: 'trust-docs', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true', S3_SSE: 'aws:kms', S3_SSE_KMS_KEY_ID: 'alias/docs' });
    expect(s3SettingsFromConfig(c)).toMatchObject({ bucket: 'trust-docs', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true, keyPrefix: 'request-documents/', sse: 'aws:kms', sseKmsKeyId: 'alias/docs', timeoutMs: 5000 });
  });

  it('refuses an incomplete or wrong S3 configuration, naming each variable', () => {
    expect(() => parseApiConfig({ ...base, DOCUMENT_STORAGE: 's3' })).toThrow(/S3_BUCKET: is required when DOCUMENT_STORAGE=s3/);
    expect(() => parseApiConfig({ ...base, DOCUMENT_STORAGE: 'disk' })).toThrow(/DOCUMENT_STORAGE: must be postgres or s3/);
    expect(() => parseApiConfig({ ...base, S3_BUCKET: 'Bad_Bucket', S3_ENDPOINT: 'ftp://x', S3_SSE: 'yes', S3_TIMEOUT_MS: '10' })).toThrow(
      /S3_ENDPOINT: must be an http\(s\):\/\/ URL[\s\S]*S3_BUCKET: must be a bucket name[\s\S]*S3_SSE: must be[\s\S]*S3_TIMEOUT_MS/);
    expect(() => parseApiConfig({ ...base, S3_BUCKET: 'trust-docs', S3_ACCESS_KEY_ID: 'AKIA' })).toThrow(/S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => parseApiConfig({ ...base, S3_BUCKET: 'trust-docs', S3_SSE_KMS_KEY_ID: 'k' })).toThrow(/S3_SSE_KMS_KEY_ID: needs S3_SSE=aws:kms/);
  });
});
