import { createServer, type Server, type Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createApp } from '../apps/api/src/app.factory';
import { DependencyUnavailableException } from '../apps/api/src/common/unavailable';
import { S3DocumentStorage } from '../apps/api/src/request-documents/s3-document-storage';
import { httpClient, sessionFor, USERS } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startS3Server, type S3TestServer } from './support/s3-server';
import { startStack, type Stack } from './support/stack';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { testEnv } from './support/test-env';

/**
 * Request documents in S3-compatible storage (DOCUMENT_STORAGE=s3) against a real S3 server on
 * 127.0.0.1 (moto, from PyPI) behind a TCP proxy the test can cut: bytes out equal bytes in,
 * every download audited, the same 413/415 refusals, an S3 outage a 503 with Retry-After (never
 * a 500), a failed row leaving no object behind, documents stored in PostgreSQL before the
 * switch still readable, and bytes that no longer match their SHA-256 never served whole.
 * No Temporal worker: uploads need only the request's intake row.
 */
describe('request documents in S3-compatible storage (API + moto S3 server + PostgreSQL)', () => {
  const BUCKET = `sendflow-docs-${Date.now().toString(36)}`;
  const PREFIX = 'request-documents/';
  let s3: S3TestServer;
  let proxy: TcpProxy;
  let stack: Stack | undefined;
  /** The API after the switch (DOCUMENT_STORAGE=s3), beside the stack's (PostgreSQL). */
  let s3App: INestApplication | undefined;
  let baseUrl = '';
  let direct: S3Client;
  const fx = { requestId: '', pgDocId: '', s3DocId: '' };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(500, 7)]);

  async function upload(content: Buffer, filename: string) {
    const session = await sessionFor(baseUrl, USERS.coordinator);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), filename);
    const res = await fetch(`${baseUrl}/requests/${fx.requestId}/documents`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: form });
    return { status: res.status, headers: res.headers, body: await res.json() as any };
  }
  async function health(base = baseUrl) {
    const res = await fetch(`${base}/health`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() as Record<string, unknown> };
  }
  async function download(docId: string) {
    const session = await sessionFor(baseUrl, USERS.coordinator);
    const res = await fetch(`${baseUrl}/requests/${fx.requestId}/documents/${docId}`, { headers: { cookie: session.cookie } });
    const bytes = await res.arrayBuffer().then((b) => Buffer.from(b), (e: Error) => e);
    return { status: res.status, headers: res.headers, bytes };
  }
  async function objectKeys(): Promise<string[]> {
    const out = await direct.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  }
  const s3Env = () => ({
    DOCUMENT_STORAGE: 's3', S3_ENDPOINT: `http://127.0.0.1:${proxy?.port}`, S3_REGION: 'eu-west-2', S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test',
    S3_FORCE_PATH_STYLE: 'true', S3_KEY_PREFIX: PREFIX, S3_SSE: 'AES256', S3_TIMEOUT_MS: '1500',
  });

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(16 * 1024);
    // Before the switch: the default store, PostgreSQL (the S3 server starts meanwhile).
    const starting = startS3Server(testEnv().workDir);
    stack = await startStack({ withWorker: false });
    baseUrl = stack.baseUrl;
    const created = await httpClient(baseUrl).post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    fx.requestId = created.body.id;
    const res = await upload(png, 'scan before the switch.png');
    expect(res.status).toBe(201);
    fx.pgDocId = res.body.id;
    s3 = await starting;
    await s3.createBucket(BUCKET);
    proxy = await startTcpProxy('127.0.0.1', s3.port);
    direct = new S3Client({ endpoint: s3.endpoint, region: 'eu-west-2', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    // The switch: an API started with DOCUMENT_STORAGE=s3 sends new documents to S3.
    Object.assign(process.env, s3Env());
    s3App = await createApp();
    await s3App.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(s3App.getHttpServer().address() as { port: number }).port}/api`;
  }, 90_000);

  afterAll(async () => {
    for (const k of [...Object.keys(s3Env()), 'DOCUMENT_MAX_BYTES']) delete process.env[k];
    await s3App?.close();
    await stack?.close();
    direct?.destroy();
    await proxy?.close();
    await s3?.stop();
  });

  it('stores a new document as an object named by a random id, encrypted at rest, with its SHA-256 checked by S3', async () => {
    const res = await upload(pdf, 'Referral – Alex Example.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'pdf', sizeBytes: pdf.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    fx.s3DocId = res.body.id;
    const [row] = await stack!.ds.query(`SELECT storage, storage_bucket, storage_key FROM request_documents WHERE id = $1`, [fx.s3DocId]);
    expect(row).toEqual({ storage: 's3', storage_bucket: BUCKET, storage_key: `${PREFIX}${fx.s3DocId}` });
    expect(await objectKeys()).toEqual([`${PREFIX}${fx.s3DocId}`]);
    const head = await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: row.storage_key, ChecksumMode: 'ENABLED' }));
    expect(head.ContentLength).toBe(pdf.length);
    expect(head.ServerSideEncryption).toBe('AES256');
    expect(head.ChecksumSHA256).toBe(Buffer.from(res.body.sha256, 'hex').toString('base64'));
    // Nothing about the child or the file's name in the object's key or metadata.
    expect(JSON.stringify({ key: row.storage_key, meta: head.Metadata, type: head.ContentType })).not.toMatch(/Alex|Referral/);
    const [{ n }] = await stack!.ds.query(`SELECT count(*)::int AS n FROM request_document_contents WHERE document_id = $1`, [fx.s3DocId]);
    expect(n).toBe(0);
  });

  it('downloads both stores byte for byte, each download audited', async () => {
    const [{ max }] = await stack!.ds.query(`SELECT coalesce(max(id), 0)::text AS max FROM audit_events`);
    const fromS3 = await download(fx.s3DocId);
    expect(fromS3.status).toBe(200);
    expect(Buffer.isBuffer(fromS3.bytes) && fromS3.bytes.equals(pdf)).toBe(true);
    expect(fromS3.headers.get('content-type')).toBe('application/pdf');
    expect(fromS3.headers.get('content-length')).toBe(String(pdf.length));
    expect(fromS3.headers.get('x-content-type-options')).toBe('nosniff');
    // Stored in PostgreSQL before the switch: still readable.
    const fromPg = await download(fx.pgDocId);
    expect(fromPg.status).toBe(200);
    expect(Buffer.isBuffer(fromPg.bytes) && fromPg.bytes.equals(png)).toBe(true);
    const rows = await stack!.ds.query(`SELECT entity_id FROM audit_events WHERE id > $1 AND action = 'request.document_download' ORDER BY id`, [max]);
    expect(rows.map((r: any) => r.entity_id)).toEqual([fx.s3DocId, fx.pgDocId]);
  });

  it('still refuses the wrong type (415) and too large (413), leaving no object behind', async () => {
    const before = await objectKeys();
    expect((await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'letter.pdf')).status).toBe(415);
    expect((await upload(Buffer.concat([pdf, Buffer.alloc(17 * 1024, 0x20)]), 'big.pdf')).status).toBe(413);
    expect(await objectKeys()).toEqual(before);
  });

  it('deletes the object again when the metadata row cannot be written', async () => {
    const before = await objectKeys();
    // A fault injected for this one file name: the row's INSERT fails after the object was written.
    await stack!.ds.query(`CREATE OR REPLACE FUNCTION s3_test_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.filename = 'refused-row.pdf' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await stack!.ds.query(`CREATE TRIGGER s3_test_refuse_row BEFORE INSERT ON request_documents FOR EACH ROW EXECUTE FUNCTION s3_test_refuse_row()`);
    try {
      const res = await upload(pdf, 'refused-row.pdf');
      expect(res.status).toBe(500);
    } finally {
      await stack!.ds.query(`DROP TRIGGER s3_test_refuse_row ON request_documents`);
      await stack!.ds.query(`DROP FUNCTION s3_test_refuse_row()`);
    }
    expect(await objectKeys()).toEqual(before);
  });

  it('answers 503 with Retry-After while S3 is down (never 500), serves PostgreSQL documents meanwhile, and recovers', async () => {
    const [{ n: rowsBefore }] = await stack!.ds.query(`SELECT count(*)::int AS n FROM request_documents WHERE request_id = $1`, [fx.requestId]);
    // Readiness probes the bucket only where one is configured.
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', database: 'up', temporal: 'up', documentStore: 'up' } });
    expect((await health(stack!.baseUrl)).body).not.toHaveProperty('documentStore');
    proxy.cut();
    try {
      const t1 = Date.now();
      expect(await health()).toMatchObject({ status: 200, body: { status: 'degraded', database: 'up', temporal: 'up', documentStore: 'down' } });
      expect(Date.now() - t1).toBeLessThan(5_000);
      const t0 = Date.now();
      const up = await upload(pdf, 'during the outage.pdf');
      expect(up.status).toBe(503);
      expect(up.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(up.body.message).toMatch(/document store is unavailable.*not stored/);
      const down = await download(fx.s3DocId);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect((await download(fx.pgDocId)).status).toBe(200);
    } finally {
      proxy.restore();
    }
    const [{ n: rowsAfter }] = await stack!.ds.query(`SELECT count(*)::int AS n FROM request_documents WHERE request_id = $1`, [fx.requestId]);
    expect(rowsAfter).toBe(rowsBefore);
    expect(await health()).toMatchObject({ status: 200, body: { documentStore: 'up' } });
    const again = await download(fx.s3DocId);
    expect(again.status).toBe(200);
    expect(Buffer.isBuffer(again.bytes) && again.bytes.equals(pdf)).toBe(true);
  });

  it('never serves whole bytes that no longer match their SHA-256', async () => {
    const [row] = await stack!.ds.query(`SELECT storage_key FROM request_documents WHERE id = $1`, [fx.s3DocId]);
    const original = Buffer.from(await (await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.storage_key }))).Body!.transformToByteArray());
    const tampered = Buffer.from(original);
    tampered[100] ^= 0xff;
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: row.storage_key, Body: tampered }));
    try {
      // The last chunk is held back until the SHA-256 matches: the response never completes
      // (here the whole file is one chunk, so not even the headers go out).
      const res = await download(fx.s3DocId).catch((e: Error) => ({ bytes: e }));
      // (fetch's errors come from another realm than Jest's Error: check for "not bytes".)
      expect(Buffer.isBuffer(res.bytes)).toBe(false);
    } finally {
      await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: row.storage_key, Body: original }));
    }
  });

  it('bounds every S3 call and the readiness probe: a store that accepts connections but never answers is a 503 within S3_TIMEOUT_MS', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const storage = new S3DocumentStorage({
      endpoint: `http://127.0.0.1:${(silent.address() as { port: number }).port}`, region: 'eu-west-2', bucket: BUCKET, accessKeyId: 'test', secretAccessKey: 'test',
      forcePathStyle: true, keyPrefix: PREFIX, timeoutMs: 400,
    });
    try {
      for (const call of [() => storage.open('x', { storage: 's3', bucket: BUCKET, key: `${PREFIX}x` }), () => storage.stage('x', pdf, '0'.repeat(64))]) {
        const t0 = Date.now();
        await expect(call()).rejects.toBeInstanceOf(DependencyUnavailableException);
        expect(Date.now() - t0).toBeLessThan(2_000);
      }
      const t0 = Date.now();
      await expect(storage.probe()).resolves.toBe(false);
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      storage.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
