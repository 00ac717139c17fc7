import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { freePort, spawnLogged, stopChild, waitUntil } from './support/processes';

/**
 * The embedded database server `npm start` runs (infra/pglite-server.mjs), on its own: many
 * clients at once, as the API's pool, the worker's, a CLI and the benchmark's clients make.
 */
describe('embedded PGlite server', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sendflow-pglite-'));
    port = await freePort();
    server = spawnLogged(process.execPath, ['infra/pglite-server.mjs'], { PGLITE_DATA_DIR: join(dir, 'data'), PGLITE_PORT: String(port) }, join(dir, 'pglite.log'));
    await waitUntil('PGlite server', async () => {
      const c = new Client({ connectionString: url() });
      try {
        await c.connect();
        await c.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
    }, 60_000);
  }, 90_000);

  afterAll(async () => {
    await stopChild(server);
    rmSync(dir, { recursive: true, force: true });
  });

  const url = () => `postgres://postgres@127.0.0.1:${port}/postgres`;

  it('serves 60 clients at once, each its own rows from parameterised statements', async () => {
    // More than the API's default pool (10), the worker's (5) and the benchmark's (10) together.
    const clients = Array.from({ length: 60 }, () => new Client({ connectionString: url() }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const answers = await Promise.all(clients.map(async (c, i) => {
        const rows = [];
        for (let k = 0; k < 3; k++) rows.push((await c.query('SELECT $1::int * 10 + $2::int AS v', [i, k])).rows[0].v);
        return rows;
      }));
      expect(answers).toEqual(clients.map((_, i) => [i * 10, i * 10 + 1, i * 10 + 2]));
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }, 60_000);
});
