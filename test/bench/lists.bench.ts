/**
 * `npm run bench:lists [-- --n 200 --warmup 20]`: p50/p95 of the caseload (several filters,
 * searches, sorts, a second page, a service-scoped reader) and of the task lists, through the
 * real HTTP API (session, guard, validation, audit of the read) against the database at
 * DATABASE_URL / DATABASE_SCHEMA, seeded first with `npm run seed:volume`. A script that prints
 * figures, not a test: nothing passes or fails on a number.
 *
 * The API runs in this process; list routes never call Temporal. Demo users get a password made
 * for this run. Reads are audited as in production (AUDIT_READ_WINDOW_SECONDS as set, default
 * 300), so the figures include the audit write or its coalescing check.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDataSource, databaseConfigFromEnv, seed } from '@sendflow/persistence';
import { createApp } from '../../apps/api/src/app.factory';
import { signIn } from '../support/http';

const log = (m: string) => console.log(`[bench:lists] ${m}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const { values } = parseArgs({ options: { n: { type: 'string' }, warmup: { type: 'string' } }, strict: true });
  const n = Number(values.n ?? 200);
  const warmup = Number(values.warmup ?? 20);
  const config = databaseConfigFromEnv(process.env, 'sendflow-bench-lists');
  const ds = createDataSource({ ...config, poolSize: 2 });
  await ds.initialize();
  const password = randomBytes(18).toString('base64url');
  await seed(ds, { demo: true, demoPassword: password });
  const [sizes] = await ds.query(`SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM requests WHERE status IN ('received', 'in_progress'))::int AS open,
    (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM timeline_events)::int AS timeline, (SELECT count(*) FROM audit_events)::int AS audit`);
  const [slt] = await ds.query(`SELECT id FROM users WHERE email = 'slt@demo.sendflow.nhs.uk'`);
  const [sample] = await ds.query(`SELECT la_reference, child_family_name, nhs_number FROM requests WHERE status = 'in_progress' AND nhs_number IS NOT NULL ORDER BY id LIMIT 1`);
  if (!sample) throw new Error('no seeded open requests in this schema: run `npm run seed:volume` against the same DATABASE_URL and DATABASE_SCHEMA first');
  await ds.destroy();
  log(`database: ${JSON.stringify(sizes)}`);

  process.env.LOG_LEVEL ??= 'warn';
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}/api`;
  const sessions = {
    coordinator: await signIn(base, 'coordinator@demo.sendflow.nhs.uk', password),
    slt: await signIn(base, 'slt@demo.sendflow.nhs.uk', password),
    leadSlt: await signIn(base, 'lead.slt@demo.sendflow.nhs.uk', password),
    qa: await signIn(base, 'qa@demo.sendflow.nhs.uk', password),
  };
  const get = async (as: keyof typeof sessions, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: sessions[as].cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
    return { body, json: () => JSON.parse(body) };
  };
  const firstPage = (await get('coordinator', '/requests?limit=50')).json();
  const firstTaskPage = (await get('coordinator', '/tasks')).json();

  const scenarios: [string, keyof typeof sessions, string][] = [
    // The floor on this machine at this moment: a signed-in call that reads almost nothing.
    ['floor: GET /api/me (session + guard only)', 'coordinator', '/me'],
    ['caseload: open, due first (default)', 'coordinator', '/requests?limit=50'],
    ['caseload: red', 'coordinator', '/requests?colour=red&limit=50'],
    ['caseload: amber', 'coordinator', '/requests?colour=amber&limit=50'],
    ['caseload: green', 'coordinator', '/requests?colour=green&limit=50'],
    ['caseload: overdue', 'coordinator', '/requests?overdue=true&limit=50'],
    ['caseload: LA', 'coordinator', '/requests?localAuthorityCode=E06000022&limit=50'],
    ['caseload: service SLT', 'coordinator', '/requests?service=SLT&limit=50'],
    ['caseload: stage services/draft', 'coordinator', '/requests?stage=services%2Fdraft&limit=50'],
    ['caseload: assignee', 'coordinator', `/requests?assignee=${slt.id}&limit=50`],
    ['caseload: LA + service + amber', 'coordinator', '/requests?localAuthorityCode=E06000023&service=OT&colour=amber&limit=50'],
    ['caseload: search family name', 'coordinator', `/requests?q=${encodeURIComponent(sample.child_family_name.slice(0, 4))}&limit=50`],
    ['caseload: search NHS number', 'coordinator', `/requests?q=${sample.nhs_number}&limit=50`],
    ['caseload: search LA reference', 'coordinator', `/requests?q=${encodeURIComponent(sample.la_reference)}&limit=50`],
    ['caseload: sort received desc', 'coordinator', '/requests?sort=received&order=desc&limit=50'],
    ['caseload: sort LA reference', 'coordinator', '/requests?sort=laReference&limit=50'],
    ['caseload: page 2 (cursor)', 'coordinator', `/requests?limit=50&cursor=${firstPage.nextCursor}`],
    ['caseload: closed tab', 'coordinator', '/requests?status=closed&limit=50'],
    ['caseload: practitioner (SLT only)', 'slt', '/requests?limit=50'],
    ['tasks: coordinator', 'coordinator', '/tasks'],
    ['tasks: coordinator, page 2 (cursor)', 'coordinator', `/tasks?cursor=${firstTaskPage.nextCursor}`],
    ['tasks: practitioner SLT', 'slt', '/tasks'],
    ['tasks: practitioner SLT, my tasks', 'slt', '/tasks?assignee=me'],
    ['tasks: practitioner SLT, queue', 'slt', '/tasks?assignee=unassigned'],
    ['tasks: service lead SLT', 'leadSlt', '/tasks'],
    ['tasks: QA reviewer', 'qa', '/tasks'],
    ['tasks: QA review queue', 'qa', '/tasks?form=qa_review'],
  ];

  log(`${n} sequential calls per scenario after ${warmup} warm-up calls; AUDIT_READ_WINDOW_SECONDS=${process.env.AUDIT_READ_WINDOW_SECONDS ?? '300 (default)'}`);
  console.log(`| scenario | p50 ms | p95 ms | items | page kB |\n| --- | ---: | ---: | ---: | ---: |`);
  for (const [name, as, path] of scenarios) {
    for (let i = 0; i < warmup; i++) await get(as, path);
    const times: number[] = [];
    let last = '';
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      last = (await get(as, path)).body;
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    const parsed = JSON.parse(last);
    const items = Array.isArray(parsed) ? parsed.length : parsed.items?.length ?? 1;
    console.log(`| ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${items} | ${(Buffer.byteLength(last) / 1024).toFixed(1)} |`);
  }
  await app.close();
}

main().catch((err) => {
  console.error(`[bench:lists] failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
