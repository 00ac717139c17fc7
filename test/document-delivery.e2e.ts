import { createHmac, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { eventually, httpClient, sessionFor, USERS } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { docxText, pdfText } from './support/documents';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from './support/peers';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask, waitForStatus } from './support/tasks';

/**
 * Issue 9 end to end: the compiled advice becomes a document the coordinator previews and
 * downloads, and completing the return task delivers it on the LA's channel to real peers on
 * loopback (an SMTP server, a webhook receiver), exactly once, with retries and the coordinator's
 * task when the LA's side refuses.
 */
describe('documents and delivery to the LA (API + Temporal + PostgreSQL + SMTP + webhook on loopback)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let smtp: SmtpPeer;
  let hook: WebhookPeer;
  const secret = 'a-webhook-secret-of-at-least-32-characters!';
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    hook = await startWebhookPeer();
    Object.assign(process.env, {
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_REQUIRE_TLS: 'false', SMTP_FROM: 'SEND advice <send.advice@trust.example.nhs.uk>',
      SECURE_MAIL_SUBJECT_MARKER: '[secure]', TRUST_NAME: 'Example Community NHS Trust', TRUST_ADDRESS: '1 Health Way|Bristol|BS1 1AA',
      DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_RETRY_INITIAL_SECONDS: '1',
    });
    stack = await startStack();
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
    await hook?.close();
    process.env = saved;
  });

  /** An LA of this test's own (other files use the seeded one) with the given channel. */
  async function newLa(name: string, delivery: Record<string, unknown>): Promise<string> {
    const code = `E9${String(randomInt(0, 9_999_999)).padStart(7, '0')}`;
    expect((await http.post('/admin/local-authorities', USERS.admin, { code, name })).status).toBe(201);
    const set = await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, delivery);
    expect(set.status).toBe(200);
    return code;
  }

  /** Intake to the open return task, with SLT and OT advice approved. */
  async function toReturnTask(laCode: string, child = { givenName: 'Alex', familyName: 'Example', dateOfBirth: '2018-04-12', nhsNumber: '9434765919' }) {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ localAuthorityCode: laCode, child }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT', 'OT'] } })).status).toBe(200);
    const slt = await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');
    expect((await http.post(`/tasks/${slt.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);
    const ot = await waitForOpenTask(http, id, USERS.ot, 'services/draft', 'OT');
    const otForm = { ...proForma, author: { name: 'Olu Occupational', role: 'Occupational therapist' }, healthNeeds: 'Fine motor delay.', provision: [{ what: 'Handwriting group', who: 'OT assistant', frequency: 'Weekly, 30 minutes', review: 'Each term by OT' }] };
    expect((await http.post(`/tasks/${ot.id}/complete`, USERS.ot, { outcome: 'submitted', data: otForm })).status).toBe(200);
    for (const svc of ['SLT', 'OT']) {
      const review = await waitForOpenTask(http, id, USERS.qa, 'services/review', svc);
      expect((await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(200);
    }
    const ret = await waitForOpenTask(http, id, USERS.coordinator, 'return');
    return { id, ret };
  }

  async function download(path: string, as: string) {
    const s = await sessionFor(stack.baseUrl, as);
    const res = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie: s.cookie } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** RECORD_REPLAY_HISTORIES=<dir> (with TEMPORAL_PAYLOAD_KEY unset) saves a workflow's history for test/replay. */
  async function recordHistory(name: string, workflowId: string) {
    const dir = process.env.RECORD_REPLAY_HISTORIES;
    if (!dir) return;
    if (process.env.TEMPORAL_PAYLOAD_KEY) throw new Error('record replay histories with TEMPORAL_PAYLOAD_KEY unset');
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
      const idsFile = join(dir, '..', 'workflow-ids.json');
      const ids = existsSync(idsFile) ? JSON.parse(readFileSync(idsFile, 'utf8')) : {};
      writeFileSync(idsFile, `${JSON.stringify({ ...ids, [`${name}.json`]: workflowId }, null, 2)}\n`);
    } finally {
      await connection.close();
    }
  }

  const documentsOf = (id: string) => http.get(`/requests/${id}/advice-documents`, USERS.coordinator);

  it('issues the advice as a document to check before it goes, then emails it once with the PDF and DOCX attached', async () => {
    const la = await newLa('Smtpshire Council', { channel: 'smtp', email: 'SEND.Team@smtpshire.example.gov.uk' });
    const { id, ret } = await toReturnTask(la);

    // Before the return: version 1 exists, not delivered; the coordinator previews and downloads it.
    const docs = await documentsOf(id);
    expect(docs.status).toBe(200);
    expect(docs.body).toHaveLength(1);
    const doc = docs.body[0];
    expect(doc).toMatchObject({ kind: 'advice', version: 1, deliveryStatus: 'pending', deliveredAt: null });
    const preview = await download(`/requests/${id}/advice-documents/${doc.id}/preview`, USERS.coordinator);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toMatch(/text\/html/);
    expect(preview.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = preview.body.toString();
    for (const s of ['Alex Example', 'Speech and language therapy', 'Occupational therapy', 'Section C: health needs', 'Section G: health provision', 'Handwriting group', 'on delivery']) expect(html).toContain(s);

    const pdf = await download(`/requests/${id}/advice-documents/${doc.id}/download?format=pdf`, USERS.coordinator);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="health-advice-EHC-[\w-]+-v1\.pdf"$/);
    expect((await pdfText(pdf.body)).text).toContain('Alex Example');
    expect((await download(`/requests/${id}/advice-documents/${doc.id}/download?format=exe`, USERS.coordinator)).status).toBe(400);
    // Someone who may not see the request may not see its documents either.
    expect((await http.get(`/requests/${id}/advice-documents`, USERS.paed)).status).toBe(404);
    expect((await download(`/requests/${id}/advice-documents/${doc.id}/download?format=pdf`, USERS.paed)).status).toBe(404);

    const before = smtp.messages.length;
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send.team@smtpshire.example.gov.uk' } })).status).toBe(200);
    const done = await waitForStatus(http, id, USERS.coordinator, 'returned');

    const mine = smtp.messages.slice(before).filter((m) => m.messageId === `<${doc.id}@trust.example.nhs.uk>`);
    expect(mine).toHaveLength(1);
    const mail = mine[0];
    expect(mail.subject).toMatch(/^\[secure\] Health advice for an EHC needs assessment, LA reference EHC-/);
    expect(mail.subject).not.toMatch(/Alex|Example/);
    expect((mail.to as { text: string }).text).toBe('send.team@smtpshire.example.gov.uk');
    const files = Object.fromEntries(mail.attachments.map((a) => [a.contentType, a.content]));
    const pdfMail = await pdfText(files['application/pdf']);
    const docxMail = docxText(files['application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    for (const text of [pdfMail.text, docxMail.text]) {
      for (const s of ['Alex Example', '943 476 5919', 'Smtpshire Council', 'Speech and language therapy', 'Occupational therapy', 'Section C: health needs', 'Section G: health provision', 'Handwriting group', 'Example Community NHS Trust']) {
        expect(text).toContain(s);
      }
      expect(text).not.toContain('on delivery'); // the date returned is on the cover once sent
    }
    expect(pdfMail.language).toBe('en-GB');

    // The date returned is when the SMTP server accepted it, on the request and the document.
    const [after] = (await documentsOf(id)).body;
    expect(after).toMatchObject({ deliveryStatus: 'delivered', deliveryChannel: 'smtp' });
    expect(done.returnedAt).toBe(after.deliveredAt);
    const kinds = done.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['document.issued', 'document.delivered', 'advice.returned']));

    const audit = await stack.ds.query(`SELECT action, after FROM audit_events WHERE request_id = $1 AND action LIKE 'document.%'`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['document.list', 'document.preview', 'document.download']));
  });

  it('reopening returned advice for a correction: the service amends, the coordinator sends version 2 once, both versions kept', async () => {
    const la = await newLa('Correctshire Council', { channel: 'smtp', email: 'send@correctshire.example.gov.uk' });
    const { id, ret } = await toReturnTask(la, { givenName: 'Cara', familyName: 'Correct', dateOfBirth: '2016-05-06', nhsNumber: '9434765919' });
    const reopen = (as: string, body: unknown) => http.post(`/requests/${id}/advice-documents/corrections`, as, body);
    const reason = 'SLT provision frequency was wrong: it is twice weekly, not three times';
    // Not returned yet: nothing to correct.
    expect((await reopen(USERS.coordinator, { reason, services: [] })).status).toBe(409);
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send@correctshire.example.gov.uk' } })).status).toBe(200);
    const returned = await waitForStatus(http, id, USERS.coordinator, 'returned');
    const [v1] = (await documentsOf(id)).body;
    expect(v1).toMatchObject({ version: 1, deliveryStatus: 'delivered' });

    expect((await reopen(USERS.slt, { reason, services: ['SLT'] })).status).toBe(403);
    const short = await reopen(USERS.coordinator, { reason: 'typo', services: [] });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toMatch(/reason/);
    const notOurs = await reopen(USERS.coordinator, { reason, services: ['PHYSIO'] });
    expect(notOurs.status).toBe(400);
    expect(JSON.stringify(notOurs.body)).toMatch(/services: PHYSIO/);

    const opened = await reopen(USERS.coordinator, { reason, services: ['SLT'] });
    expect(opened.status).toBe(202);
    expect(opened.body).toMatchObject({ requestId: id, version: 2, services: ['SLT'] });
    // A second click while it runs never makes a second version.
    expect((await reopen(USERS.coordinator, { reason, services: ['SLT'] })).status).toBe(409);

    // SLT amends the advice it gave, starting from what it submitted; its practitioners are told.
    const amend = await waitForOpenTask(http, id, USERS.slt, 'correction/amend', 'SLT');
    const told = (await http.get('/notifications?unread=true', USERS.slt)).body.items.find((n: { requestId: string }) => n.requestId === id);
    expect(told).toMatchObject({ kind: 'action', message: expect.stringMatching(/^Advice already returned to the LA is reopened for a correction/) });
    expect((await http.get('/notifications?unread=true', USERS.ot)).body.items.some((n: { requestId: string }) => n.requestId === id)).toBe(false);
    const detail = await http.get(`/tasks/${amend.id}`, USERS.slt);
    expect(detail.body.prefill).toMatchObject({ source: 'returned_advice', data: { healthNeeds: proForma.healthNeeds } });
    const amended = { ...proForma, provision: [{ ...proForma.provision[0], frequency: '2 x 30 minutes weekly' }] };
    expect((await http.post(`/tasks/${amend.id}/complete`, USERS.slt, { outcome: 'submitted', data: amended })).status).toBe(200);

    // Version 2 exists before it goes; the coordinator checks it and approves sending.
    const send = await waitForOpenTask(http, id, USERS.coordinator, 'correction/send_correction');
    expect(send.label).toBe('Check the correction (version 2) and send it to Correctshire Council');
    const pending = (await documentsOf(id)).body;
    expect(pending.map((d: { version: number; deliveryStatus: string }) => [d.version, d.deliveryStatus])).toEqual([[1, 'delivered'], [2, 'pending']]);
    expect(pending[1]).toMatchObject({ kind: 'advice', correctionReason: reason });
    const before = smtp.messages.length;
    expect((await http.post(`/tasks/${send.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send@correctshire.example.gov.uk' } })).status).toBe(200);
    const v2 = await eventually(async () => {
      const d = (await documentsOf(id)).body[1];
      return d?.deliveryStatus === 'delivered' ? d : undefined;
    }, { what: 'version 2 delivered' });
    expect(v2).toMatchObject({ version: 2, deliveryChannel: 'smtp' });

    const mails = await eventually(async () => {
      const m = smtp.messages.filter((x) => x.messageId === `<${v2.id}@trust.example.nhs.uk>`);
      return m.length ? m : undefined;
    }, { what: 'version 2 email' });
    expect(mails).toHaveLength(1);
    expect(smtp.messages.slice(before).filter((x) => x.messageId === `<${v1.id}@trust.example.nhs.uk>`)).toHaveLength(0);
    expect(mails[0].subject).toMatch(/LA reference EHC-[\w-]+, version 2$/);
    expect(mails[0].subject).not.toMatch(/Cara|Correct /);
    expect(mails[0].text).toContain(reason);
    const pdf = (await pdfText(mails[0].attachments.find((a) => a.contentType === 'application/pdf')!.content)).text;
    for (const s of ['Cara Correct', `This version corrects an earlier one: ${reason}`, '2 x 30 minutes weekly', 'Occupational therapy', 'Handwriting group']) expect(pdf).toContain(s);
    expect(pdf).not.toContain('3 x 20 minutes weekly');

    // Both versions are kept; the request's date returned is still the first delivery.
    const after = await http.get(`/requests/${id}`, USERS.coordinator);
    expect(after.body.status).toBe('returned');
    expect(after.body.returnedAt).toBe(returned.returnedAt);
    const kinds = after.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['advice.reopened']));
    const v1pdf = await download(`/requests/${id}/advice-documents/${v1.id}/download?format=pdf`, USERS.coordinator);
    expect((await pdfText(v1pdf.body)).text).toContain('3 x 20 minutes weekly');
    const audit = await stack.ds.query(`SELECT action, after FROM audit_events WHERE request_id = $1 AND action IN ('advice.reopen', 'document.download') ORDER BY at`, [id]);
    expect(audit.find((a: { action: string }) => a.action === 'advice.reopen').after).toMatchObject({ version: 2, services: ['SLT'], reason });
    expect(audit.filter((a: { action: string }) => a.action === 'document.download').map((a: { after: { version: number } }) => a.after.version)).toContain(1);

    await recordHistory('advice-correction-amended', opened.body.workflowId);

    // Version 3 may follow once 2 is delivered; it starts from the amended text.
    const third = await reopen(USERS.coordinator, { reason: 'The LA asked for the corrected copy again with a note', services: [] });
    expect(third.status).toBe(202);
    expect(third.body.version).toBe(3);
    const send3 = await waitForOpenTask(http, id, USERS.coordinator, 'correction/send_correction');
    expect((await http.post(`/tasks/${send3.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send@correctshire.example.gov.uk' } })).status).toBe(200);
    const v3 = await eventually(async () => {
      const d = (await documentsOf(id)).body[2];
      return d?.deliveryStatus === 'delivered' ? d : undefined;
    }, { what: 'version 3 delivered' });
    const json = await download(`/requests/${id}/advice-documents/${v3.id}/download?format=json`, USERS.coordinator);
    expect(JSON.parse(json.body.toString()).summary.sectionG[0].frequency).toBe('2 x 30 minutes weekly');
  });

  it('posts JSON and the PDF to the LA webhook, signed, and retries a 500 with the same Idempotency-Key', async () => {
    const la = await newLa('Hookshire Council', { channel: 'webhook', webhookUrl: hook.url, webhookSecret: secret });
    const { id, ret } = await toReturnTask(la, { givenName: 'Bea', familyName: 'Hook', dateOfBirth: '2017-01-02', nhsNumber: '9434765870' });
    const [doc] = (await documentsOf(id)).body;
    hook.answer = (call, n) => {
      const ts = String(call.headers['x-sendflow-timestamp']);
      const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${call.body}`).digest('hex')}`;
      if (call.headers['x-sendflow-signature'] !== expected) return 401;
      return n === 1 ? 500 : 200; // the first attempt fails: the activity must retry
    };
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'portal', sentTo: 'Hookshire case system' } })).status).toBe(200);
    await waitForStatus(http, id, USERS.coordinator, 'returned');

    const calls = hook.calls.filter((c) => c.headers['idempotency-key'] === doc.id);
    expect(calls.map((c) => c.status)).toEqual([500, 200]);
    const body = JSON.parse(calls[1].body);
    expect(body).toMatchObject({ event: 'ehcna.health_advice', documentId: doc.id, version: 1, requestId: id, localAuthorityCode: la });
    expect(body.document.summary.sectionG.map((l: { serviceName: string }) => l.serviceName)).toEqual(['Speech and language therapy', 'Occupational therapy']);
    expect((await pdfText(Buffer.from(body.pdf.base64, 'base64'))).text).toContain('Bea Hook');
    const [after] = (await documentsOf(id)).body;
    expect(after).toMatchObject({ deliveryStatus: 'delivered', deliveryChannel: 'webhook', deliveryAttempts: 1 });
  });

  it('an SMTP server that refuses the recipient opens the coordinator task instead of failing the request', async () => {
    smtp.refuse.add('nobody@refusing.example.gov.uk');
    const la = await newLa('Refusing Borough', { channel: 'smtp', email: 'nobody@refusing.example.gov.uk' });
    const { id, ret } = await toReturnTask(la);
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'nobody@refusing.example.gov.uk' } })).status).toBe(200);

    const failed = await waitForOpenTask(http, id, USERS.coordinator, 'delivery_failed');
    expect(failed.label).toMatch(/^Delivery to Refusing Borough failed: SMTP server answered 550/);
    expect((await http.get(`/requests/${id}`, USERS.coordinator)).body.status).not.toBe('returned');
    // The coordinator sends it another way and records that: the request is returned then.
    expect((await http.post(`/tasks/${failed.id}/complete`, USERS.coordinator, { outcome: 'recorded', data: { method: 'portal', sentTo: 'Refusing Borough SEND portal' } })).status).toBe(200);
    const done = await waitForStatus(http, id, USERS.coordinator, 'returned');
    const [doc] = (await documentsOf(id)).body;
    expect(doc).toMatchObject({ deliveryStatus: 'delivered', deliveryChannel: 'manual' });
    expect(done.returnedAt).toBe(doc.deliveredAt);
  });

  it('"not known to health services" sends the LA a letter with the reason and signpost', async () => {
    const la = await newLa('Letterford Council', { channel: 'smtp', email: 'send@letterford.example.gov.uk' });
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ localAuthorityCode: la }));
    const id = created.body.id;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: { reason: 'No contact with trust services since 2019', signpost: 'The designated clinical officer' } })).status).toBe(200);
    await waitForStatus(http, id, USERS.coordinator, 'not_known');
    // The request closes at once; the letter follows.
    const letter = await eventually(async () => {
      const [d] = (await documentsOf(id)).body;
      return d?.deliveryStatus === 'delivered' ? d : undefined;
    }, { what: 'letter delivered' });
    expect(letter).toMatchObject({ kind: 'not_known_letter', deliveryStatus: 'delivered', deliveryChannel: 'smtp' });
    const mail = await eventually(async () => smtp.messages.find((m) => m.messageId === `<${letter.id}@trust.example.nhs.uk>`), { what: 'letter email' });
    expect(mail.subject).not.toMatch(/Alex|Example/);
    const text = (await pdfText(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content)).text;
    for (const s of ['Alex Example', 'No contact with trust services since 2019', 'The designated clinical officer', 'Not known to health services']) expect(text).toContain(s);
  });

  it('validates the LA channel settings and never returns the webhook secret', async () => {
    const code = await newLa('Settings Council', { channel: 'manual' });
    const bad = await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'smtp' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/email/);
    expect((await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'webhook', webhookUrl: 'http://example.org/x', webhookSecret: secret })).status).toBe(400);
    expect((await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'webhook', webhookUrl: 'https://la.example.gov.uk/hook' })).status).toBe(400);
    expect((await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'fax' })).status).toBe(400);
    const ok = await http.call('PUT', `/admin/local-authorities/${code}/delivery`, USERS.admin, { channel: 'webhook', webhookUrl: 'https://la.example.gov.uk/hook', webhookSecret: secret });
    expect(ok.body).toEqual({ code, channel: 'webhook', email: null, webhookUrl: 'https://la.example.gov.uk/hook', webhookSecretSet: true });
    expect(JSON.stringify((await http.get(`/admin/local-authorities/${code}/delivery`, USERS.admin)).body)).not.toContain(secret);
    expect((await http.get(`/admin/local-authorities/${code}/delivery`, USERS.coordinator)).status).toBe(403);
    expect((await http.get(`/admin/local-authorities/E99999999/delivery`, USERS.admin)).status).toBe(404);
  });
});
