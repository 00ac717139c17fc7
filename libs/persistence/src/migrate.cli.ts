import 'reflect-metadata';
import { createDataSource } from './data-source';
import { databaseConfigFromEnv } from './database-env';
import { seed } from './seed';

/**
 * `npm run migrate`: applies pending migrations, then seeds reference data. Demo users and LAs
 * are seeded only when SEED_DEMO=1 (npm start sets it for the embedded database), with the
 * password DEMO_PASSWORD.
 */
async function main() {
  const config = databaseConfigFromEnv(process.env, 'sendflow-migrate');
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    if (config.schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    console.log(`[migrate] ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema up to date'}`);
    const demo = process.env.SEED_DEMO === '1';
    if (demo && !process.env.DEMO_PASSWORD) console.warn('[migrate] SEED_DEMO=1 without DEMO_PASSWORD: the demo users cannot sign in');
    const { inserted } = await seed(ds, { demo, demoPassword: process.env.DEMO_PASSWORD || undefined });
    console.log(`[migrate] seeded ${Object.entries(inserted).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`[migrate] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
