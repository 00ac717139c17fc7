#!/usr/bin/env node
// The embedded database: PGlite (PostgreSQL in WebAssembly) persisted under a data directory and
// served on a TCP port, so the API and worker use the same `pg` driver as against a real server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

const dataDir = process.env.PGLITE_DATA_DIR || '.data/pglite';
const port = Number(process.env.PGLITE_PORT || 5433);
mkdirSync(dataDir, { recursive: true });

/**
 * PGlite is one session shared by every connection. pglite-socket 0.2.17 interleaves connections
 * per protocol message and keeps a connection's turn only inside a transaction, so concurrent
 * Parse/Bind/Execute/Sync batches clobber each other's unnamed statement and portal: wrong or
 * empty rows, "portal does not exist" (electric-sql/pglite#1046, still open). This queue gives
 * the session to one connection until its batch ends (Sync, simple Query, Terminate, start-up)
 * outside a transaction; a failed message releases the queue instead of stalling it.
 */
class SessionQueue {
  #db;
  #queue = [];
  #owner = null;
  #running = false;
  constructor(db) { this.#db = db; }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.#queue.push({ handlerId, message, onData, resolve, reject });
      void this.#run();
    });
  }

  async #run() {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const i = this.#owner === null ? 0 : this.#queue.findIndex((q) => q.handlerId === this.#owner);
        if (i < 0 || i >= this.#queue.length) break;
        const [item] = this.#queue.splice(i, 1);
        this.#owner = item.handlerId;
        let bytes = 0;
        try {
          await this.#db.runExclusive(() => this.#db.execProtocolRawStream(item.message, { onRawData: (d) => { bytes += d.length; item.onData(d); } }));
          item.resolve(bytes);
        } catch (err) {
          item.reject(err);
        }
        const type = item.message[0];
        const startup = item.message.length >= 8 && type === 0; // StartupMessage has no type byte
        if ((startup || type === 0x53 /* Sync */ || type === 0x51 /* Query */ || type === 0x58 /* Terminate */) && !this.#db.isInTransaction()) this.#owner = null;
      }
    } finally {
      this.#running = false;
    }
  }

  getQueueLength() { return this.#queue.length; }

  clearQueueForHandler(handlerId) {
    this.#queue = this.#queue.filter((q) => (q.handlerId === handlerId ? (q.reject(new Error('Handler disconnected')), false) : true));
  }

  async clearTransactionIfNeeded(handlerId) {
    if (this.#owner !== handlerId) return;
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    this.#owner = null;
    void this.#run();
  }
}

const db = await PGlite.create({ dataDir });
// Every connection shares the one session through the queue above, so a connection costs a socket
// and nothing more. The cap must leave room beyond the API's pool (DATABASE_POOL_SIZE, up to 200)
// and the worker's for the CLIs and the benchmark's own clients: at 20, the API's 10 and the
// worker's 5 left 5, and a sixth client was cut off ("Connection terminated unexpectedly").
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 256 });
// Replaces the package's own queue (an internal field of the exactly pinned 0.2.17): fail loudly if it moves.
if (!('queryQueue' in server)) throw new Error('@electric-sql/pglite-socket changed: re-check the session queue in infra/pglite-server.mjs');
server.queryQueue = new SessionQueue(db);
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
