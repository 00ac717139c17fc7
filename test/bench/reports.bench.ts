import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, seed } from '@sendflow/persistence';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { AuditCriteriaRepository } from '../../apps/api/src/audit-criteria/audit-criteria.repository';
import { AuditRoundsRepository } from '../../apps/api/src/audit-rounds/audit-rounds.repository';
import { AuditRoundsService } from '../../apps/api/src/audit-rounds/audit-rounds.service';
import { BoardReportService } from '../../apps/api/src/board-report/board-report.service';
import { ReportsRepository } from '../../apps/api/src/reports/reports.repository';
import { ReportsService } from '../../apps/api/src/reports/reports.service';
import { seedHistory } from './history-seed';

/**
 * `npm run bench:reports`: every dashboard query's 50th and 90th percentile at years of history.
 * PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in a fresh schema
 * dropped afterwards, or `--pglite` for the embedded database. Seeds `--years` × `--per-year`
 * requests (default 5 × 10,000) with `seed:history`'s generator, then runs each query `--runs`
 * times (default 30) after 3 warm-ups, one at a time, through the same service code the API runs.
 * `--keep` keeps the seeded schema (PostgreSQL) or database directory (PGlite) and `--reuse <it>`
 * measures it again after migrating, without seeding.
 * Prints figures; asserts nothing (speed is not a test).
 */
const root = resolve(__dirname, '../..');
const infra = <T>(file: string): Promise<T> => import(join(root, 'infra', file));
interface InfraProcesses {
  freePort(): Promise<number>;
  startPglite(o: { dataDir: string; port: number; logFile: string }): Promise<unknown>;
  stopAll(): Promise<void>;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

async function main() {
  const usePglite = process.argv.includes('--pglite');
  const years = arg('years', 5);
  const perYear = arg('per-year', 10_000);
  const runs = arg('runs', 30);
  let url: string;
  let schema: string | undefined;
  let cleanup = async () => undefined as void;
  const px = await infra<InfraProcesses>('processes.mjs');
  if (usePglite) {
    // --pglite --keep keeps the database directory; --pglite --reuse <dir> measures it again (no seeding).
    const reuse = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : undefined;
    const dir = reuse ?? mkdtempSync(join(tmpdir(), 'sendflow-bench-reports-'));
    const port = await px.freePort();
    await px.startPglite({ dataDir: join(dir, 'pglite'), port, logFile: join(dir, 'pglite.log') });
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    if (reuse || process.argv.includes('--keep')) {
      if (!reuse) console.log(`[bench:reports] keeping ${dir} (measure again with --pglite --reuse ${dir})`);
      cleanup = async () => { await px.stopAll(); };
    } else cleanup = async () => { await px.stopAll(); rmSync(dir, { recursive: true, force: true }); };
  } else if (process.argv.includes('--reuse')) {
    // --reuse <schema>: measure again on a schema kept by an earlier --keep run (no seeding).
    url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    schema = process.argv[process.argv.indexOf('--reuse') + 1];
  } else {
    url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    schema = `sendflow_bench_${Date.now().toString(36)}_${process.pid}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.end();
    if (process.argv.includes('--keep')) console.log(`[bench:reports] keeping schema ${schema} (measure again with --reuse ${schema})`);
    else cleanup = async () => {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`DROP SCHEMA "${schema}" CASCADE`);
      await d.end();
    };
  }
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  // Seeding 50,000 requests runs statements of minutes on a loaded box; the app's 15 s bound is for requests, not for this.
  const ds: DataSource = createDataSource({ url, schema, poolSize: 4, statementTimeoutMs: 900_000 });
  await ds.initialize();
  try {
    const migrated = await ds.runMigrations({ transaction: 'each' });
    // A migration that back-filled a table on a kept database: statistics and the visibility map, as autovacuum would.
    if (process.argv.includes('--reuse') && migrated.length) for (const t of ['requests', 'tasks', 'report_contributions']) await ds.query(`VACUUM ANALYZE ${t}`);
    if (!process.argv.includes('--reuse')) {
      await seed(ds, { demo: false });
      const seeded = await seedHistory(ds, { years, perYear, log: (l) => console.log(l) });
      console.log(`[bench:reports] seeded ${seeded.requests} requests and ${seeded.tasks} tasks in ${seeded.seconds.toFixed(1)} s on ${usePglite ? 'PGlite' : 'PostgreSQL'}`);
    }

    // The services read the API's validated configuration (the caseload's colours), which requires a database URL: the bench's.
    process.env.DATABASE_URL ||= url;
    const service = new ReportsService(new ReportsRepository(ds));
    const rounds = new AuditRoundsRepository(ds);
    const board = new BoardReportService(service, new AuditRoundsService(rounds, new AuditService(ds), new AuditCriteriaRepository(ds)));
    const now = new Date();
    const month = (back: number) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    const last12 = { from: month(11), to: month(0) };
    const all = { from: month(years * 12 - 1), to: month(0) };
    const queries: [string, () => Promise<unknown>][] = [
      ['timeliness by month, 12 months', () => service.timeliness({ ...last12, by: 'month' })],
      ['timeliness by service, 12 months', () => service.timeliness({ ...last12, by: 'service' })],
      ['timeliness by LA, 12 months', () => service.timeliness({ ...last12, by: 'la' })],
      [`timeliness by month, ${years * 12} months`, () => service.timeliness({ ...all, by: 'month' })],
      [`timeliness by service, ${years * 12} months`, () => service.timeliness({ ...all, by: 'service' })],
      [`timeliness by LA, ${years * 12} months`, () => service.timeliness({ ...all, by: 'la' })],
      ['pipeline (open work, prediction)', () => service.pipeline()],
      ['service flow, 12 months', () => service.serviceFlow(last12)],
      [`service flow, ${years * 12} months`, () => service.serviceFlow(all)],
      ['QA review pass rates, 12 months', () => rounds.qaReviewPassRates(`${last12.from}-01`, new Date().toISOString().slice(0, 10))],
      // Not a dashboard query: the three timeliness groupings and the audit rounds, and the PDF rendered (for scale).
      ['board report PDF, 12 months', () => board.render(last12)],
    ];
    const results: { query: string; p50: number; p90: number; max: number }[] = [];
    for (const [name, run] of queries) {
      for (let i = 0; i < 3; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      const r = { query: name, p50: percentile(times, 0.5), p90: percentile(times, 0.9), max: times[times.length - 1] };
      results.push(r);
      console.log(`[bench:reports] ${name.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p90 ${r.p90.toFixed(1).padStart(7)} ms   max ${r.max.toFixed(1).padStart(7)} ms`);
    }
    console.log(`\n| query | p50 (ms) | p90 (ms) |\n| --- | --- | --- |`);
    for (const r of results) console.log(`| ${r.query} | ${r.p50.toFixed(0)} | ${r.p90.toFixed(0)} |`);
    console.log(JSON.stringify({ database: usePglite ? 'pglite' : 'postgresql', years, perYear, runs, results }));
  } finally {
    await ds.destroy();
    await cleanup();
  }
}

main().then(() => process.exit(0)).catch((err) => {
  console.error(`[bench:reports] failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
