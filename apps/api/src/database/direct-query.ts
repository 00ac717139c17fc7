import type { Pool, PoolClient } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * A statement on TypeORM's own `pg` pool (same connections, size, timeouts and search_path),
 * without the QueryRunner TypeORM builds for every `DataSource.query`. Meant for the few
 * statements every request sends (the session lookup, intake's lookup and insert): there the
 * QueryRunner, its broadcaster and its result wrapping were a measurable share of the API's CPU.
 *
 * It behaves as `ds.query` does for a SELECT or INSERT: the rows come back, a failed statement
 * is a QueryFailedError carrying the driver's error (so the SQLSTATE checks in unavailable.ts
 * read it the same), and a failure to get a connection is the pool's own error.
 */
export async function directQuery<R = Record<string, unknown>>(ds: DataSource, text: string, params: unknown[]): Promise<R[]> {
  const pool = (ds.driver as unknown as { master?: Pool }).master;
  if (!pool) return ds.query(text, params);
  const client: PoolClient = await pool.connect();
  // As TypeORM does: an error event on the checked-out connection (the server went away) must
  // not be unhandled; the statement's own promise rejects with it, and the pool drops the client.
  let broken: Error | undefined;
  const onError = (err: Error) => { broken = err; };
  client.on('error', onError);
  try {
    return (await client.query(text, params)).rows as R[];
  } catch (err) {
    throw new QueryFailedError(text, params, err as Error);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
