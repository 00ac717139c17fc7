#!/usr/bin/env node
// Installs moto's S3 server, pinned, from PyPI into .tools/moto (git-ignored), for the tests
// that need a real S3-compatible server on 127.0.0.1 (test/support/s3-server.ts starts it).
// Only the S3 extra and the server's web framework: moto[server] would pull every AWS service's
// dependencies. Python and pip are already needed for Temporal (provision-temporal.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.5';
const wanted = `moto[s3]==${MOTO_VERSION} flask==3.1.3 flask-cors==6.0.5`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools', 'moto');
const stamp = join(toolsDir, '.pinned');

function findPython() {
  for (const py of ['python3', 'python']) {
    if (spawnSync(py, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

/** { python, pythonPath }: run `python -m moto.server` with PYTHONPATH=pythonPath. */
export function provisionS3Server({ quiet = false } = {}) {
  const log = (m) => quiet || console.log(`[provision] ${m}`);
  const python = findPython();
  if (!python) throw new Error('python3 with pip is needed to install the test S3 server (moto)');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    log(`moto ${MOTO_VERSION} (S3 server for tests) already in .tools/moto`);
    return { python, pythonPath: toolsDir };
  }
  mkdirSync(toolsDir, { recursive: true });
  log(`installing ${wanted} into .tools/moto`);
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', toolsDir, ...wanted.split(' ')],
    { stdio: quiet ? 'ignore' : 'inherit' });
  if (!existsSync(join(toolsDir, 'moto', 'server.py'))) throw new Error(`moto not found after pip install in ${toolsDir}`);
  writeFileSync(stamp, wanted);
  return { python, pythonPath: toolsDir };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const p = provisionS3Server();
  console.log(`[provision] S3 test server: PYTHONPATH=${p.pythonPath} ${p.python} -m moto.server`);
}
