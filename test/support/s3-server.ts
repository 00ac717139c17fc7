import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, spawnLogged, stopChild, waitUntil } from './processes';

/**
 * A real S3-compatible server on 127.0.0.1 for this test file: moto's S3 server, installed from
 * PyPI into .tools/moto by `npm test` (infra/provision-s3.mjs), started here on a free port.
 */
export interface S3TestServer { endpoint: string; port: number; createBucket(name: string): Promise<void>; stop(): Promise<void> }

export async function startS3Server(workDir: string): Promise<S3TestServer> {
  const python = process.env.SENDFLOW_TEST_S3_PYTHON;
  const pythonPath = process.env.SENDFLOW_TEST_S3_PYTHONPATH;
  if (!python || !pythonPath) throw new Error('the test S3 server is not installed: run the tests with `npm test` (infra/provision-s3.mjs installs moto from PyPI)');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnLogged(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { PYTHONPATH: pythonPath }, join(workDir, `moto-${port}.log`));
  let exited = false;
  child.once('exit', () => { exited = true; });
  await waitUntil('moto S3 server', async () => {
    if (exited) throw new Error(`moto S3 server exited at start (log: ${join(workDir, `moto-${port}.log`)})`);
    return fetch(`${endpoint}/`).then((r) => r.ok, () => false);
  }, 60_000);
  return {
    endpoint,
    port,
    async createBucket(name: string) {
      const r = await fetch(`${endpoint}/${name}`, { method: 'PUT' });
      if (!r.ok) throw new Error(`could not create bucket ${name}: HTTP ${r.status}`);
    },
    stop: () => stopChild(child),
  };
}
