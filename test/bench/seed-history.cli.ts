import 'reflect-metadata';
import { createDataSource, databaseConfigFromEnv, seed } from '@sendflow/persistence';
import { seedHistory } from './history-seed';

/**
 * `npm run seed:history [-- --years 5 --per-year 10000]`: realistic history straight into the
 * tables of the database at DATABASE_URL (schema DATABASE_SCHEMA), migrated first. Replaces an
 * earlier seeded history (its LAs are E99SD0001-6); leaves everything else alone.
 */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number`);
  return v;
}

async function main() {
  const config = databaseConfigFromEnv(process.env, 'sendflow-seed-history');
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    if (config.schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
    await ds.runMigrations({ transaction: 'each' });
    await seed(ds, { demo: false });
    const r = await seedHistory(ds, { years: arg('years', 5), perYear: arg('per-year', 10_000), log: console.log });
    console.log(`[seed:history] ${r.requests} requests, ${r.tasks} tasks in ${r.seconds.toFixed(1)} s`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`[seed:history] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
