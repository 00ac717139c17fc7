import { createApp } from './app.factory';
import { apiConfig } from './config/api-config';

async function main() {
  const app = await createApp();
  const { API_PORT: port, API_HOST: host } = apiConfig();
  await app.listen(port, host);
  console.log(`[api] listening on http://${host}:${port}/api (docs at /api/docs)`);
}

main().catch((err) => {
  console.error('[api] fatal', err instanceof Error ? err.message : err);
  process.exit(1);
});
