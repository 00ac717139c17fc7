import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../apps/worker/src/temporal/search-attributes';
import { devServerHealthy, freePort, spawnLogged, stopChild, waitUntil } from './support/processes';
import { testEnv } from './support/test-env';

/**
 * A Temporal server started without SENDflow's search attributes (as an external cluster is) gets
 * them from the start-up registration, with their types; running it again adds nothing.
 */
describe('search attribute registration', () => {
  const env = testEnv();
  let server: ChildProcess | undefined;
  let connection: Connection | undefined;

  beforeAll(async () => {
    const port = await freePort();
    server = spawnLogged(env.temporalCli, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port),
      '--db-filename', join(env.workDir, `bare-${Date.now()}.db`), '--log-level', 'warn'], {}, join(env.workDir, 'bare-temporal.log'));
    await waitUntil('bare dev server', () => devServerHealthy(env.temporalCli, port));
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await connection?.close();
    await stopChild(server);
  });

  it('adds the missing attributes with their types, and is a no-op the second time', async () => {
    const names = ['SendflowStatus', 'SendflowLa', 'SendflowDue'];
    const before = await connection!.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(names.filter((n) => n in (before.customAttributes ?? {}))).toEqual([]);

    expect(await ensureSearchAttributes(connection!, 'default')).toEqual({ present: [], added: names });
    const after = (await connection!.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
    // 2 = KEYWORD, 6 = DATETIME (temporal.api.enums.v1.IndexedValueType)
    expect({ status: after.SendflowStatus, la: after.SendflowLa, due: after.SendflowDue }).toEqual({ status: 2, la: 2, due: 6 });

    expect(await ensureSearchAttributes(connection!, 'default')).toEqual({ present: names, added: [] });
  });
});
