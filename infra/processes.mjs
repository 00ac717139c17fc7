// Child-process plumbing shared by `npm start` and `npm test`: start a service, wait until it
// answers, and stop every child on exit so Ctrl-C never leaves an orphan holding a port.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import net from 'node:net';

const children = new Set();

export function startProcess(name, command, args, { env = {}, logFile, cwd, inherit = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  if (!inherit) {
    if (logFile) {
      mkdirSync(dirname(logFile), { recursive: true });
      const out = createWriteStream(logFile, { flags: 'a' });
      child.stdout.pipe(out);
      child.stderr.pipe(out);
    } else {
      const prefix = (chunk) => chunk.toString().split('\n').filter(Boolean).map((l) => `[${name}] ${l}`).join('\n') + '\n';
      child.stdout.on('data', (c) => process.stdout.write(prefix(c)));
      child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
    }
  }
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.label = name;
  return child;
}

export async function stopProcess(child, signal = 'SIGTERM', graceMs = 8000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...children].reverse().map((c) => stopProcess(c)));
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

export async function waitFor(what, check, { timeoutMs = 60000, intervalMs = 250, child } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited with code ${child.exitCode}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts `temporal server start-dev` persisting to dbFile and waits until the frontend is SERVING. */
export async function startTemporalDevServer({ cli, dbFile, port, uiPort, metricsPort, headless = false, namespace = 'default', logFile }) {
  mkdirSync(dirname(dbFile), { recursive: true });
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--port', String(port), '--namespace', namespace,
    '--ip', '127.0.0.1', '--log-level', 'warn', '--sqlite-pragma', 'journal_mode=WAL',
    '--search-attribute', 'SendflowStatus=Keyword', '--search-attribute', 'SendflowLa=Keyword', '--search-attribute', 'SendflowDue=Datetime'];
  if (headless) args.push('--headless'); else args.push('--ui-port', String(uiPort));
  // The server's own Prometheus endpoint (the benchmarks read its latencies); otherwise a random port.
  if (metricsPort) args.push('--metrics-port', String(metricsPort));
  const child = startProcess('temporal', cli, args, { logFile });
  await waitFor('Temporal dev server', () => temporalHealthy(cli, `127.0.0.1:${port}`), { child, timeoutMs: 90000, intervalMs: 500 });
  return child;
}

export function temporalHealthy(cli, address) {
  const r = spawnSync(cli, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && /SERVING/.test(r.stdout);
}

export async function startPglite({ dataDir, port, logFile }) {
  const child = startProcess('pglite', process.execPath, ['infra/pglite-server.mjs'], {
    env: { PGLITE_DATA_DIR: dataDir, PGLITE_PORT: String(port) }, logFile,
  });
  await waitFor('embedded PostgreSQL (PGlite)', () => portOpen(port), { child, timeoutMs: 60000 });
  return child;
}

export function onShutdown(fn) {
  let done = false;
  const handler = async (sig) => {
    if (done) return;
    done = true;
    try { await fn(sig); } finally { await stopAll(); process.exit(sig === 'SIGINT' ? 130 : 143); }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
