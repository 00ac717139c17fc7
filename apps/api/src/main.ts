import { createApp } from './app.factory';

async function main() {
  const app = await createApp();
  const port = Number(process.env.API_PORT || 3000);
  await app.listen(port, process.env.API_HOST || '127.0.0.1');
  console.log(`[api] listening on http://127.0.0.1:${port}/api (docs at /api/docs)`);
}

main().catch((err) => {
  console.error('[api] fatal', err instanceof Error ? err.message : err);
  process.exit(1);
});
