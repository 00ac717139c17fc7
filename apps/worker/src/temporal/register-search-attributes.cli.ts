import { Connection } from '@temporalio/client';
import { temporalConnectConfig } from '@sendflow/platform';
import { ensureSearchAttributes } from './search-attributes';

/**
 * `npm run temporal:search-attributes`: registers SENDflow's search attributes on the namespace
 * in TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (the same settings as the API and the worker).
 * Idempotent: run it on every deploy; it adds only what is missing.
 */
async function main() {
  const { connectionOptions, namespace } = temporalConnectConfig();
  const connection = await Connection.connect(connectionOptions);
  try {
    const { present, added } = await ensureSearchAttributes(connection, namespace);
    console.log(`[search-attributes] namespace ${namespace}: ${added.length ? `added ${added.join(', ')}` : 'nothing to add'}${present.length ? `; already there: ${present.join(', ')}` : ''}`);
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error('[search-attributes] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
