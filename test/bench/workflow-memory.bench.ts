/**
 * `npm run bench:workflow-memory`: what one cached request workflow costs the worker, measured
 * after full garbage collections rather than from the process's peak RSS (which also counts
 * garbage V8 has not collected yet, and V8's spare heap).
 *
 * A headless dev server, and a worker in this process running the real workflow bundle (in the main
 * thread, `debugMode`, so its V8 heap is the one measured) with its activities stubbed (the database is not what is measured). N request workflows are started with
 * the input the API gives a request on the default SOP; each reaches its first human task and
 * waits there, held in the worker's cache. The V8 heap is read after `gc()` before and after, with
 * the worker's bundle (slim library entries loaded once into the shared context), the same entries
 * evaluated per workflow, the whole libraries per workflow, and (`--all`) one V8 context per
 * workflow. It also reads this process's CPU time from the first start until every workflow waits
 * at its task (workflow code, the SDK and the client; activities are stubs): a figure for what a new
 * workflow costs the worker that load on the machine changes little. Prints one line per variant
 * and a JSON line.
 *
 *   npm run bench:workflow-memory -- --n 200
 */
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { defaultHolidayCalendar, statutoryDeadline } from '@sendflow/calendar';
import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import type { InterpreterInput } from '@sendflow/workflows';
import { clockActivities, createInterpreterActivities } from '../../apps/worker/src/activities/interpreter.activities';
import { createDocumentActivities } from '../../apps/worker/src/delivery/document.activities';
import { bundleWorkflows, FULL_BUNDLE, SLIM_BUNDLE } from '../../apps/worker/src/worker.factory';
import { receiptPolicyFromEnv } from '../../apps/api/src/requests/deadline.policy';

const root = resolve(__dirname, '..', '..');
const log = (m: string) => console.log(`[memory] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc;
/** How many of the last-started workflows are watched for settling, and how long that may take. */
const SETTLE_SAMPLE = 5;
const SETTLE_TIMEOUT_MS = 120_000;

interface InfraProcesses {
  startTemporalDevServer(o: { cli: string; dbFile: string; port: number; headless?: boolean; logFile?: string }): Promise<unknown>;
  freePort(): Promise<number>;
  stopAll(): Promise<void>;
}

function heapMb(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function inputFor(): InterpreterInput {
  const receivedAt = new Date(Date.now() - 3600_000).toISOString();
  const policy = receiptPolicyFromEnv();
  const d = statutoryDeadline({ receivedAt, policy, calendar: defaultHolidayCalendar });
  return {
    requestId: randomUUID(), sopVersionId: randomUUID(),
    sop: EHCNA_DEFAULT_SOP,
    request: {
      localAuthorityCode: 'E06000023', laReference: `MEM-${randomUUID()}`, ehcpFlag: false, adviceType: 'needs_assessment', receivedAt,
      effectiveReceiptDate: d.effectiveReceiptDate, statutoryDueDate: d.dueDate, statutoryDueAt: d.dueAt, receiptPolicy: policy,
    },
  } as InterpreterInput;
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc (npm run bench:workflow-memory does)');
  const { values } = parseArgs({ options: { n: { type: 'string' }, all: { type: 'boolean' } } });
  const n = Number(values.n ?? process.env.BENCH_N ?? 200);
  process.chdir(root);
  const px = await import(join(root, 'infra', 'processes.mjs')) as InfraProcesses;
  const { provisionTemporal } = await import(join(root, 'infra', 'provision-temporal.mjs')) as { provisionTemporal(o: { quiet: boolean }): { cli: string } };
  const work = mkdtempSync(join(os.tmpdir(), 'sendflow-memory-'));
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never });
  const results: Record<string, unknown>[] = [];
  try {
    const port = await px.freePort();
    await px.startTemporalDevServer({ cli: provisionTemporal({ quiet: true }).cli, dbFile: join(work, 't.db'), port, headless: true, logFile: join(work, 'temporal.log') });
    const address = `127.0.0.1:${port}`;
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const native = await NativeConnection.connect({ address });
    const slim = await bundleWorkflows(SLIM_BUNDLE);
    const unshared = await bundleWorkflows({ ...SLIM_BUNDLE, preloadModules: [] });
    const full = await bundleWorkflows(FULL_BUNDLE);
    log(`workflow bundle ${(slim.code.length / 1024).toFixed(0)} kB (before: ${(full.code.length / 1024).toFixed(0)} kB); input with the default SOP ${(JSON.stringify(inputFor()).length / 1024).toFixed(1)} kB`);
    // Stubs with the real activity names: projections succeed at once, nothing touches a database.
    const names = Object.keys({ ...createInterpreterActivities(null as never), ...createDocumentActivities(null as never) });
    const activities = { ...Object.fromEntries(names.map((k) => [k, async () => undefined])), ...clockActivities };

    for (const variant of [
      { name: `slim library entries, shared (now: ${SLIM_BUNDLE.preloadModules.join(', ')})`, reuseV8Context: true, bundle: slim },
      { name: 'slim library entries, per workflow', reuseV8Context: true, bundle: unshared },
      { name: 'whole libraries, per workflow', reuseV8Context: true, bundle: full },
      ...(values.all ? [{ name: 'whole libraries, one V8 context per workflow', reuseV8Context: false, bundle: full }] : []),
    ]) {
      const taskQueue = `memory-${randomUUID()}`;
      const worker = await Worker.create({
        connection: native, taskQueue, workflowBundle: variant.bundle, activities, reuseV8Context: variant.reuseV8Context, maxCachedWorkflows: n + 50,
        // Workflows in this thread, not a worker thread: its heap is the one gc() and memoryUsage() see.
        debugMode: true,
      });
      const running = worker.run();
      const start = async (input: InterpreterInput) => client.workflow.start('sopInterpreterWorkflow', { workflowId: `memory-${randomUUID()}`, taskQueue, args: [input] });
      // Warm-up: the bundle's context, JIT, the SDK's first workflow.
      for (let i = 0; i < 5; i++) await start(inputFor());
      await sleep(3000);
      const before = heapMb();
      const rssBefore = process.memoryUsage().rss / 2 ** 20;
      const inputs = Array.from({ length: n }, inputFor);
      const cpuBefore = process.cpuUsage();
      const handles: WorkflowHandle[] = [];
      for (let i = 0; i < n; i += 20) handles.push(...await Promise.all(inputs.slice(i, i + 20).map(start)));
      // Every workflow has run to its first task (it waits there for an Update) when its first
      // workflow task has completed and its history stops growing. Not an event count: that
      // changes with the workflow (8 events to the first task since one patch marker and one timer).
      const firstTaskDone = async (h: WorkflowHandle) => {
        const events = (await h.fetchHistory()).events ?? [];
        return { length: events.length, done: events.some((e) => Boolean(e.workflowTaskCompletedEventAttributes)) };
      };
      const settleBy = Date.now() + SETTLE_TIMEOUT_MS;
      for (let settled = 0; settled < 3;) {
        if (Date.now() > settleBy) throw new Error(`the last ${SETTLE_SAMPLE} workflows did not settle at their first task within ${SETTLE_TIMEOUT_MS / 1000} s`);
        const first = await Promise.all(handles.slice(-SETTLE_SAMPLE).map(firstTaskDone));
        await sleep(1000);
        const again = await Promise.all(handles.slice(-SETTLE_SAMPLE).map(firstTaskDone));
        settled = first.every((c, i) => c.done && c.length === again[i].length) ? settled + 1 : 0;
      }
      const cpu = process.cpuUsage(cpuBefore);
      const after = heapMb();
      const rssAfter = process.memoryUsage().rss / 2 ** 20;
      const space = v8.getHeapSpaceStatistics().map((s) => `${s.space_name} ${(s.space_used_size / 2 ** 20).toFixed(0)}`).join(', ');
      const r = {
        variant: variant.name, n, heapBeforeMb: +before.toFixed(1), heapAfterMb: +after.toFixed(1),
        perWorkflowKb: Math.round(((after - before) * 1024) / n), rssPerWorkflowKb: Math.round(((rssAfter - rssBefore) * 1024) / n),
        // Includes the history polls that notice the workflows settled (a few ms in all).
        cpuMsPerWorkflow: Math.round((cpu.user + cpu.system) / 1000 / n),
      };
      results.push(r);
      log(`${variant.name}: heap after gc ${r.heapBeforeMb} -> ${r.heapAfterMb} MB for ${n} cached workflows = ${r.perWorkflowKb} kB each (RSS ${r.rssPerWorkflowKb} kB each); CPU ${r.cpuMsPerWorkflow} ms each; load ${os.loadavg()[0].toFixed(1)}; heap spaces MB: ${space}`);
      await Promise.all(handles.map((h) => h.terminate('memory bench').catch(() => undefined)));
      worker.shutdown();
      await running;
    }
    await native.close();
    await connection.close();
    console.log(JSON.stringify({ machine: { node: process.version, cpus: os.cpus().length, load: os.loadavg().map((l) => +l.toFixed(2)) }, results }));
  } finally {
    await px.stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
