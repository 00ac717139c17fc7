#!/usr/bin/env node
// The embedded database: PGlite (PostgreSQL in WebAssembly) persisted under a data directory and
// served on a TCP port, so the API and worker use the same `pg` driver as against a real server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

const dataDir = process.env.PGLITE_DATA_DIR || '.data/pglite';
const port = Number(process.env.PGLITE_PORT || 5433);
mkdirSync(dataDir, { recursive: true });

const db = await PGlite.create({ dataDir });
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 20 });
await server.start();
console.log(`[pglite] serving ${dataDir} on 127.0.0.1:${port}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
