import { httpClient, sessionFor, USERS, eventually } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask } from './support/tasks';

/**
 * The LA's documents on a request (POST/GET /api/requests/:id/documents[/:docId]) and the request
 * page that lists them, against real Temporal and PostgreSQL: type checked by content (415
 * naming the field), size limited (413), stored and returned byte for byte as an attachment,
 * every download audited, another service's request a 404.
 */
describe('request documents and the request page (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const fx = { requestId: '', otherId: '', docId: '', sltUserId: '' };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

  /** Multipart upload with the user's real session (cookie and CSRF token). */
  async function upload(requestId: string, as: string, content: Buffer, filename: string, type = 'application/octet-stream', field = 'file') {
    const session = await sessionFor(stack.baseUrl, as);
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(content)], { type }), filename);
    const res = await fetch(`${stack.baseUrl}/requests/${requestId}/documents`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: form });
    return { status: res.status, body: await res.json() as any };
  }
  async function download(requestId: string, docId: string, as: string) {
    const session = await sessionFor(stack.baseUrl, as);
    const res = await fetch(`${stack.baseUrl}/requests/${requestId}/documents/${docId}`, { headers: { cookie: session.cookie } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(64 * 1024);
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ laDueDate: '2031-06-30' }));
    expect(created.status).toBe(201);
    fx.requestId = created.body.id;
    // Taken through triage and allocation to SLT, so SLT may read it and PAED may not.
    const triage = await waitForOpenTask(http, fx.requestId, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, fx.requestId, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT'] } })).status).toBe(200);
    await waitForOpenTask(http, fx.requestId, USERS.slt, 'services/draft', 'SLT');
    await eventually(async () => (await http.get(`/requests/${fx.requestId}`, USERS.slt)).status === 200, { what: 'request visible to SLT' });
    fx.sltUserId = (await http.get('/me', USERS.slt)).body.userId;
  });
  afterAll(async () => {
    delete process.env.DOCUMENT_MAX_BYTES;
    await stack?.close();
  });

  it('stores a PDF named by the coordinator, typed by its content whatever the browser claimed', async () => {
    const res = await upload(fx.requestId, USERS.coordinator, pdf, 'Referral letter – Alex.pdf', 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filename: 'Referral letter – Alex.pdf', kind: 'pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, uploadedBy: { name: 'Casey Coordinator' } });
    fx.docId = res.body.id;
    expect((await upload(fx.requestId, USERS.coordinator, png, '../../etc/scan.png')).body).toMatchObject({ filename: 'scan.png', kind: 'png' });
  });

  it('refuses content that is not a PDF, Word document or image with 415 naming the field', async () => {
    for (const [content, name] of [[Buffer.from('<html><script>alert(1)</script></html>'), 'letter.pdf'], [Buffer.from('MZ\x90\x00 executable'), 'report.docx'], [Buffer.from('just text'), 'notes.txt']] as const) {
      const res = await upload(fx.requestId, USERS.coordinator, content, name, 'application/pdf');
      expect(res.status).toBe(415);
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'file' })]);
    }
  });

  it('refuses a file over DOCUMENT_MAX_BYTES with 413, and a post without a file with 400', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(65 * 1024, 0x20)]);
    expect((await upload(fx.requestId, USERS.coordinator, big, 'big.pdf')).status).toBe(413);
    const none = await http.post(`/requests/${fx.requestId}/documents`, USERS.coordinator, {});
    expect(none.status).toBe(400);
    expect(none.body.issues).toEqual([expect.objectContaining({ field: 'file' })]);
    const [{ n }] = await stack.ds.query(`SELECT count(*)::int AS n FROM request_documents WHERE request_id = $1`, [fx.requestId]);
    expect(n).toBe(2);
  });

  it('only the coordinator uploads', async () => {
    expect((await upload(fx.requestId, USERS.slt, pdf, 'x.pdf')).status).toBe(403);
  });

  it('downloads byte for byte as an attachment with nosniff, and every download is audited', async () => {
    const [{ max }] = await stack.ds.query(`SELECT coalesce(max(id), 0)::text AS max FROM audit_events`);
    for (const as of [USERS.coordinator, USERS.slt, USERS.slt]) {
      const res = await download(fx.requestId, fx.docId, as);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(pdf)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Referral letter _ Alex.pdf"; filename\*=UTF-8''Referral%20letter%20%E2%80%93%20Alex.pdf$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const rows = await stack.ds.query(
      `SELECT actor_id, entity_id, request_id, after FROM audit_events WHERE id > $1 AND action = 'request.document_download' ORDER BY id`, [max]);
    expect(rows).toHaveLength(3);
    expect(rows.map((r: any) => r.entity_id)).toEqual([fx.docId, fx.docId, fx.docId]);
    expect(rows[2]).toMatchObject({ actor_id: fx.sltUserId, request_id: fx.requestId });
    expect(JSON.stringify(rows)).not.toContain('Alex');
  });

  it('another service, or a role without request access, gets 404 / 403; an unknown document is a 404', async () => {
    expect((await download(fx.requestId, fx.docId, USERS.paed)).status).toBe(404);
    expect((await http.get(`/requests/${fx.requestId}/documents`, USERS.paed)).status).toBe(404);
    expect((await download(fx.requestId, fx.docId, USERS.sop)).status).toBe(403);
    expect((await download(fx.requestId, '00000000-0000-4000-8000-000000000000', USERS.coordinator)).status).toBe(404);
    const other = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect((await download(other.body.id, fx.docId, USERS.coordinator)).status).toBe(404);
  });

  it('lists the documents for readers of the request', async () => {
    const res = await http.get(`/requests/${fx.requestId}/documents`, USERS.slt);
    expect(res.status).toBe(200);
    expect(res.body.map((d: any) => d.kind)).toEqual(['pdf', 'png']);
  });

  it('the request page: child, LA name, SOP and version, branches with stage and holder, tasks with both dates, documents, timeline with names', async () => {
    const draft = await waitForOpenTask(http, fx.requestId, USERS.slt, 'services/draft', 'SLT');
    expect((await http.post(`/tasks/${draft.id}/assign`, USERS.leadSlt, { assigneeId: fx.sltUserId })).status).toBe(200);
    const detail = await eventually(async () => {
      const r = await http.get(`/requests/${fx.requestId}`, USERS.coordinator);
      return r.body.branches?.[0]?.holder ? r.body : undefined;
    }, { what: 'holder projected' });
    expect(detail).toMatchObject({
      id: fx.requestId, laDueDate: '2031-06-30',
      localAuthority: { code: 'E06000023', name: 'Bristol, City of' },
      child: { givenName: 'Alex', familyName: 'Example' },
      sop: { key: 'ehcna-health-advice', version: expect.any(Number) },
      branches: [{ serviceCode: 'SLT', serviceName: 'Speech and language therapy', stage: 'Draft health advice', holder: { id: fx.sltUserId, name: 'Sam Speech' }, finished: false }],
      rag: expect.stringMatching(/red|amber|green/),
    });
    expect(detail.daysLeft).toBeGreaterThan(30);
    const triage = (detail.tasks as any[]).find((t) => t.nodePath === 'triage');
    expect(triage).toMatchObject({ status: 'completed', completedByName: 'Casey Coordinator', statutoryDueDate: detail.statutoryDueDate, dueDate: expect.any(String) });
    expect(detail.documents.map((d: any) => d.id)).toContain(fx.docId);
    const completed = (detail.timeline as any[]).find((e) => e.kind === 'task.completed' && e.nodeId === 'triage');
    expect(completed).toMatchObject({ actorId: expect.any(String), actorName: 'Casey Coordinator' });
    const sltEntry = (detail.timeline as any[]).find((e) => e.serviceCode === 'SLT');
    expect(sltEntry).toBeDefined();
    const ats = (detail.timeline as any[]).map((e) => e.at);
    expect(ats).toEqual([...ats].sort());
  });
});
