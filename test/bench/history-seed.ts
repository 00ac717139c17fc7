import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEFAULT_RECEIPT_POLICY, defaultHolidayCalendar, statutoryDeadline, STATUTORY_EXCEPTION_KINDS } from '@sendflow/calendar';
import { DEFAULT_AUDIT_CRITERIA, DEFAULT_SERVICES, requestWorkflowId } from '@sendflow/domain';

/**
 * Realistic history straight into the tables (no workflows): years of requests across 8 services
 * and 6 LAs, with rework, reg 8(2) exceptions, not-known responses, late returns, cancellations
 * and, in the last weeks, open work at every stage. Deterministic for a given `seed` and `now`.
 */
export interface HistorySeedOptions {
  years: number;
  perYear: number;
  now?: Date;
  seed?: number;
  log?: (line: string) => void;
}

export const SEED_LA_PREFIX = 'E99SD';
const LAS = [
  { code: `${SEED_LA_PREFIX}0001`, name: 'Northbrook Borough Council', weight: 30 },
  { code: `${SEED_LA_PREFIX}0002`, name: 'Eastmere County Council', weight: 25 },
  { code: `${SEED_LA_PREFIX}0003`, name: 'Westfold City Council', weight: 15 },
  { code: `${SEED_LA_PREFIX}0004`, name: 'Southvale District Council', weight: 12 },
  { code: `${SEED_LA_PREFIX}0005`, name: 'Highcross Borough Council', weight: 10 },
  { code: `${SEED_LA_PREFIX}0006`, name: 'Lowater Unitary Authority', weight: 8 },
];
/** Median working time per service (days from allocation to approval before rework), weight of allocation, rework rate. */
const SERVICE_PROFILE: Record<string, { days: number; weight: number; rework: number }> = {
  PAED: { days: 28, weight: 30, rework: 0.25 }, SLT: { days: 24, weight: 28, rework: 0.2 }, OT: { days: 22, weight: 18, rework: 0.15 },
  PHYSIO: { days: 18, weight: 10, rework: 0.1 }, PSYCH: { days: 27, weight: 6, rework: 0.3 }, CAMHS: { days: 31, weight: 8, rework: 0.3 },
  HV: { days: 15, weight: 6, rework: 0.1 }, SN: { days: 16, weight: 6, rework: 0.12 },
};
const SERVICES = DEFAULT_SERVICES.slice(0, 8).map((s) => s.code).filter((c) => c in SERVICE_PROFILE);
const DAY = 86_400_000;
const BATCH = 4000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RequestRow {
  id: string; workflowId: string; la: string; ref: string; receivedAt: string; effective: string; due: string; dueAt: string; base: string;
  explanation: string; exceptions: string; status: string; overdue: boolean; services: string; returnedAt: string | null; notKnownAt: string | null;
}
interface TaskRow {
  id: string; requestId: string; workflowId: string; nodePath: string; label: string; role: string; serviceScoped: boolean; serviceCode: string | null;
  form: string; outcomes: string; status: string; attempt: number; outcome: string | null; data: string | null; openedAt: string; completedAt: string | null;
}

export async function seedHistory(ds: DataSource, opts: HistorySeedOptions): Promise<{ requests: number; tasks: number; seconds: number }> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? new Date();
  const random = rng(opts.seed ?? 20261130);
  const pick = <T>(items: T[], weight: (t: T) => number): T => {
    const total = items.reduce((s, t) => s + weight(t), 0);
    let x = random() * total;
    for (const t of items) { x -= weight(t); if (x <= 0) return t; }
    return items[items.length - 1];
  };
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  /** Skewed working time: most near the median, a long tail (late returns). */
  const workDays = (median: number) => median * Math.exp((random() + random() + random() - 1.5) * 0.55);

  const [sop] = await ds.query(`SELECT id FROM sop_versions WHERE status = 'published' ORDER BY created_at LIMIT 1`);
  if (!sop) throw new Error('No published SOP version: run the migrations (npm run migrate) first');
  for (const la of LAS) await ds.query(`INSERT INTO local_authorities (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [la.code, la.name]);
  for (const s of DEFAULT_SERVICES) await ds.query(`INSERT INTO services (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [s.code, s.name]);
  // Idempotent: a second run replaces the first.
  await ds.query(`DELETE FROM tasks WHERE request_id IN (SELECT id FROM requests WHERE local_authority_code LIKE '${SEED_LA_PREFIX}%')`);
  await ds.query(`DELETE FROM requests WHERE local_authority_code LIKE '${SEED_LA_PREFIX}%'`);

  const total = opts.years * opts.perYear;
  const startMs = now.getTime() - opts.years * 365 * DAY;
  const requests: RequestRow[] = [];
  const tasks: TaskRow[] = [];
  let inserted = { requests: 0, tasks: 0 };
  const criteriaOk = JSON.stringify({ criteria: DEFAULT_AUDIT_CRITERIA.map((c) => ({ id: c.id, met: true })) });
  const criteriaRework = (i: number) => JSON.stringify({
    criteria: DEFAULT_AUDIT_CRITERIA.map((c, k) => ({ id: c.id, met: k !== i % DEFAULT_AUDIT_CRITERIA.length })), comments: 'Please add the source and date of each observation.',
  });

  // Tasks reference their request: write a batch of requests, then their tasks.
  const flush = async (force: boolean) => {
    if (requests.length < BATCH && !(force && requests.length)) return;
    await insertRequests(ds, requests.splice(0), sop.id);
    const n = tasks.length;
    if (n) await insertTasks(ds, tasks.splice(0));
    inserted = { ...inserted, tasks: inserted.tasks + n };
  };

  for (let i = 0; i < total; i++) {
    // Received on a weekday in working hours, spread evenly over the years.
    let receivedMs = startMs + Math.floor(random() * (now.getTime() - startMs - DAY));
    receivedMs = Math.floor(receivedMs / DAY) * DAY + Math.floor(between(8, 18.5) * 3600_000);
    const la = pick(LAS, (l) => l.weight);
    const ref = `SEED-${i.toString(36).toUpperCase()}`;
    const workflowId = requestWorkflowId(la.code, ref);
    const id = randomUUID();
    const receivedAt = new Date(receivedMs).toISOString();
    const extension = random() < 0.05
      ? { id: 'x1', kind: STATUTORY_EXCEPTION_KINDS[Math.floor(random() * 3)], days: Math.floor(between(7, 29)), evidence: 'seeded', recordedBy: 'seed', recordedAt: receivedAt }
      : null;
    const deadline = statutoryDeadline({ receivedAt, policy: DEFAULT_RECEIPT_POLICY, calendar: defaultHolidayCalendar, extensions: extension ? [extension] : [] });
    const exceptions = JSON.stringify(extension ? [{ type: 'extension', ...extension }] : []);
    const dueMs = Date.parse(deadline.dueAt);
    const t = (ms: number) => new Date(ms).toISOString();
    const task = (nodePath: string, label: string, role: string, form: string, serviceCode: string | null, openedMs: number, doneMs: number | null, outcome: string, attempt = 1, data: string | null = null) => {
      const done = doneMs !== null && doneMs <= now.getTime();
      tasks.push({
        id: randomUUID(), requestId: id, workflowId, nodePath, label, role, serviceScoped: role === 'practitioner', serviceCode, form,
        outcomes: '[]', status: done ? 'completed' : 'open', attempt, outcome: done ? outcome : null, data: done ? data : null, openedAt: t(openedMs), completedAt: done ? t(doneMs!) : null,
      });
      return done;
    };

    const base = { id, workflowId, la: la.code, ref, receivedAt, effective: deadline.effectiveReceiptDate, due: deadline.dueDate, dueAt: deadline.dueAt, base: deadline.baseDueDate, explanation: JSON.stringify(deadline.explanation), exceptions };
    const triagedMs = receivedMs + between(0.2, 3) * DAY;
    if (random() < 0.01) {
      task('triage', 'Triage request', 'coordinator', 'triage', null, receivedMs, triagedMs, 'accepted');
      requests.push({ ...base, status: 'cancelled', overdue: false, services: '[]', returnedAt: null, notKnownAt: null });
    } else if (random() < 0.06) {
      // Not known to health services: answered at triage.
      const done = task('triage', 'Triage request', 'coordinator', 'triage', null, receivedMs, triagedMs, 'not_known');
      requests.push({ ...base, status: done ? 'not_known' : 'in_progress', overdue: false, services: '[]', returnedAt: null, notKnownAt: done ? t(triagedMs) : null });
    } else {
      const count = pick([1, 2, 3], (n) => ({ 1: 50, 2: 35, 3: 15 })[n]!);
      const chosen: string[] = [];
      while (chosen.length < count) {
        const s = pick(SERVICES, (c) => SERVICE_PROFILE[c].weight);
        if (!chosen.includes(s)) chosen.push(s);
      }
      task('triage', 'Triage request', 'coordinator', 'triage', null, receivedMs, triagedMs, 'accepted');
      const allocatedMs = triagedMs + between(0.1, 3) * DAY;
      const allocated = task('allocate', 'Allocate to services', 'coordinator', 'allocation', null, triagedMs, allocatedMs, 'allocated');
      // A few requests stall with a service for months: the late returns a board asks about.
      const stalled = random() < 0.02 ? between(20, 60) : 0;
      let lastApproval = allocatedMs;
      let allApproved = allocated;
      if (allocated) {
        for (const s of chosen) {
          const p = SERVICE_PROFILE[s];
          let opened = allocatedMs;
          let attempt = 1;
          for (;;) {
            const drafted = opened + (attempt === 1 ? workDays(p.days - 2) + stalled : between(2, 7)) * DAY;
            const draftDone = task(`services/draft@${s}`, 'Draft health advice', 'practitioner', 'pro_forma', s, opened, drafted, 'submitted', attempt);
            if (!draftDone) { allApproved = false; break; }
            const reviewed = drafted + between(0.5, 3) * DAY;
            const rework = attempt === 1 && random() < p.rework;
            const reviewDone = task(`services/review@${s}`, 'Quality review', 'qa_reviewer', 'qa_review', s, drafted, reviewed, rework ? 'rework' : 'approved', attempt, rework ? criteriaRework(i) : criteriaOk);
            if (!reviewDone) { allApproved = false; break; }
            if (!rework) { lastApproval = Math.max(lastApproval, reviewed); break; }
            opened = reviewed;
            attempt++;
          }
        }
      }
      let returnedAt: string | null = null;
      if (allocated && allApproved) {
        const sentMs = lastApproval + between(0.2, 3) * DAY;
        if (task('return', 'Send advice to the LA', 'coordinator', 'return_to_la', null, lastApproval, sentMs, 'sent')) returnedAt = t(sentMs);
      }
      requests.push({
        ...base, status: returnedAt ? 'returned' : 'in_progress', overdue: returnedAt ? Date.parse(returnedAt) >= dueMs : now.getTime() >= dueMs,
        services: JSON.stringify(allocated ? chosen : []), returnedAt, notKnownAt: null,
      });
    }
    inserted.requests++;
    await flush(false);
    if ((i + 1) % 10_000 === 0) log(`[seed:history] ${i + 1} of ${total} requests`);
  }
  await flush(true);
  // As autovacuum would after a bulk load: statistics, and the visibility map index-only scans rely on.
  await ds.query(`VACUUM ANALYZE requests`);
  await ds.query(`VACUUM ANALYZE tasks`);
  await ds.query(`VACUUM ANALYZE report_contributions`);
  return { ...inserted, seconds: (Date.now() - started) / 1000 };
}

async function insertRequests(ds: DataSource, rows: RequestRow[], sopVersionId: string): Promise<void> {
  const col = <K extends keyof RequestRow>(k: K) => rows.map((r) => r[k]);
  await ds.query(
    `INSERT INTO requests (id, workflow_id, local_authority_code, la_reference, child_given_name, child_family_name, child_date_of_birth, ehcp_flag, advice_type,
       received_at, effective_receipt_date, statutory_due_date, statutory_due_at, deadline_explanation, base_due_date, deadline_exceptions, status, overdue,
       allocated_services, sop_version_id, returned_at, return_details, not_known_at, created_by)
     SELECT u.id, u.wf, u.la, u.ref, 'Seeded', 'Child', '2016-01-01', false, 'needs_assessment', u.received, u.effective, u.due, u.due_at, u.explanation, u.base,
       u.exceptions, u.status, u.overdue, ARRAY(SELECT jsonb_array_elements_text(u.services)), $17, u.returned,
       CASE WHEN u.returned IS NOT NULL THEN '{"method":"portal"}'::jsonb END, u.not_known, 'seed'
     FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::date[], $7::date[], $8::timestamptz[], $9::jsonb[], $10::date[],
       $11::jsonb[], $12::varchar[], $13::bool[], $14::jsonb[], $15::timestamptz[], $16::timestamptz[])
       AS u(id, wf, la, ref, received, effective, due, due_at, explanation, base, exceptions, status, overdue, services, returned, not_known)`,
    [col('id'), col('workflowId'), col('la'), col('ref'), col('receivedAt'), col('effective'), col('due'), col('dueAt'), col('explanation'), col('base'),
      col('exceptions'), col('status'), col('overdue'), col('services'), col('returnedAt'), col('notKnownAt'), sopVersionId],
  );
}

async function insertTasks(ds: DataSource, rows: TaskRow[]): Promise<void> {
  const col = <K extends keyof TaskRow>(k: K) => rows.map((r) => r[k]);
  await ds.query(
    `INSERT INTO tasks (id, request_id, workflow_id, node_path, label, role, service_scoped, service_code, form, outcomes, status, attempt, outcome, data,
       completed_by, completed_at, opened_at)
     SELECT u.id, u.request_id, u.wf, u.node_path, u.label, u.role, u.scoped, u.service, u.form, u.outcomes, u.status, u.attempt, u.outcome, u.data,
       CASE WHEN u.completed IS NOT NULL THEN 'seed' END, u.completed, u.opened
     FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::bool[], $8::varchar[], $9::varchar[], $10::jsonb[],
       $11::varchar[], $12::int[], $13::varchar[], $14::jsonb[], $15::timestamptz[], $16::timestamptz[])
       AS u(id, request_id, wf, node_path, label, role, scoped, service, form, outcomes, status, attempt, outcome, data, completed, opened)`,
    [col('id'), col('requestId'), col('workflowId'), col('nodePath'), col('label'), col('role'), col('serviceScoped'), col('serviceCode'), col('form'),
      col('outcomes'), col('status'), col('attempt'), col('outcome'), col('data'), col('completedAt'), col('openedAt')],
  );
}
