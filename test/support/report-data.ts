import { randomUUID } from 'node:crypto';
import { buildAdviceDocument } from '@sendflow/domain';
import type { DataSource } from 'typeorm';

export interface HandBuiltRequest {
  la: string;
  services: string[];
  effectiveReceiptDate: string;
  dueDate: string;
  status: 'in_progress' | 'returned' | 'not_known' | 'cancelled';
  /** ISO instant the advice went back (status returned). */
  returnedAt?: string;
  /** ISO instant the not-known response was recorded (status not_known). */
  notKnownAt?: string;
  /** A recorded reg 8(2) extension of this many days. */
  extensionDays?: number;
}

/** Writes a request's projection as the workflow's activities would have left it, for report tests. */
export async function insertHandBuiltRequest(ds: DataSource, r: HandBuiltRequest): Promise<string> {
  const [sop] = await ds.query(`SELECT id FROM sop_versions WHERE status = 'published' ORDER BY created_at LIMIT 1`);
  const id = randomUUID();
  const exceptions = r.extensionDays ? [{ type: 'extension', id: 'x1', kind: 'exceptional_personal_circumstances', days: r.extensionDays, evidence: 'test', recordedBy: 'test', recordedAt: '2019-01-20T10:00:00Z' }] : [];
  await ds.query(
    `INSERT INTO requests (id, workflow_id, local_authority_code, la_reference, child_given_name, child_family_name, child_date_of_birth, ehcp_flag,
       advice_type, received_at, effective_receipt_date, statutory_due_date, statutory_due_at, deadline_explanation, base_due_date, deadline_exceptions,
       status, allocated_services, sop_version_id, returned_at, not_known_at)
     VALUES ($1, $2, $3, $4, 'Test', 'Child', '2015-01-01', false, 'needs_assessment', ($5::date)::timestamptz, $5, $6, ($6::date + 1)::timestamptz, '[]',
       ($6::date - $7::int), $8, $9, $10, $11, $12, $13)`,
    [id, `test/${id}`, r.la, `REF-${id.slice(0, 8)}`, r.effectiveReceiptDate, r.dueDate, r.extensionDays ?? 0, JSON.stringify(exceptions), r.status,
      r.services, sop.id, r.returnedAt ?? null, r.notKnownAt ?? null],
  );
  return id;
}

export async function ensureLocalAuthority(ds: DataSource, code: string, name: string): Promise<void> {
  await ds.query(`INSERT INTO local_authorities (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [code, name]);
}

/** A completed quality review of one service's draft, with the criteria the reviewer marked. */
export async function insertReviewTask(ds: DataSource, requestId: string, serviceCode: string, completedAt: string, criteria: { id: string; met: boolean }[] | Record<string, { result: 'pass' | 'fail'; comment?: string }>, outcome = 'approved'): Promise<void> {
  await ds.query(
    `INSERT INTO tasks (id, request_id, workflow_id, node_path, label, role, service_scoped, service_code, form, outcomes, status, attempt, outcome, data, completed_by, completed_at, opened_at)
     VALUES ($1, $2, $3, $4, 'Quality review', 'qa_reviewer', false, $5, 'qa_review', '[]', 'completed', 1, $6, $7, 'test', $8, $8::timestamptz - interval '1 day')`,
    [randomUUID(), requestId, `test/${requestId}`, `services/review@${serviceCode}`, serviceCode, outcome, JSON.stringify({ criteria }), completedAt],
  );
}

/** Any task as the workflow would have projected it; `completedAt` null leaves it open. */
export async function insertTask(ds: DataSource, t: { requestId: string; serviceCode: string | null; form: string; outcome?: string; openedAt: Date; completedAt?: Date | null }): Promise<void> {
  const done = Boolean(t.completedAt);
  await ds.query(
    `INSERT INTO tasks (id, request_id, workflow_id, node_path, label, role, service_scoped, service_code, form, outcomes, status, attempt, outcome, completed_by, completed_at, opened_at)
     VALUES ($1, $2, $3, $4, $4, 'practitioner', true, $5, $6, '[]', $7, 1, $8, $9, $10, $11)`,
    [randomUUID(), t.requestId, `test/${t.requestId}`, `${t.form}@${t.serviceCode ?? ''}`, t.serviceCode, t.form, done ? 'completed' : 'open',
      done ? (t.outcome ?? null) : null, done ? 'test' : null, t.completedAt?.toISOString() ?? null, t.openedAt.toISOString()],
  );
}

/** A delivered advice document for a hand-built request, built by the same content model the worker uses. */
export async function insertAdviceDocument(ds: DataSource, requestId: string, r: { la: { code: string; name: string }; laReference: string; returnedOn: string; healthNeeds: string }): Promise<string> {
  const id = randomUUID();
  const proForma = {
    author: { name: 'Sam Speech', role: 'Speech and language therapist', registration: 'HCPC SL0001' },
    sourcesOfInformation: [{ source: 'Clinic assessment', date: r.returnedOn }],
    healthNeeds: r.healthNeeds, impactOnDailyLife: 'Finds spoken instructions in class hard to follow', strengths: 'Good visual memory',
    outcomesSought: 'Follows two-step instructions by the end of the year', provision: [{ what: 'Language programme', who: 'Teaching assistant', frequency: '3 × 20 minutes a week', review: 'Termly' }],
    preparingForAdulthood: '', views: 'Parents want help with instructions at home',
  };
  const model = buildAdviceDocument({
    documentId: id, version: 1,
    cover: { childGivenName: 'Test', childFamilyName: 'Child', childDateOfBirth: '2015-01-01', nhsNumber: null, localAuthority: r.la, laReference: r.laReference,
      dateRequested: r.returnedOn, statutoryDueDate: r.returnedOn, dateReturned: r.returnedOn, trust: { name: 'SENDflow NHS Trust', address: [] } },
    contributions: [{ serviceCode: 'SLT', data: proForma }], serviceNames: { SLT: 'Speech and language therapy' },
  });
  await ds.query(
    `INSERT INTO document_versions (id, request_id, kind, version, model, delivery_status, delivery_channel, delivered_at) VALUES ($1, $2, 'advice', 1, $3, 'delivered', 'smtp', $4)`,
    [id, requestId, JSON.stringify(model), `${r.returnedOn}T12:00:00Z`],
  );
  return id;
}
