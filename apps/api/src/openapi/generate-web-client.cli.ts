import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { GENERATE_COMMAND, generateWebClientFiles, OPENAPI_JSON, SCHEMA_TS, WEB_API_DIR } from './web-client.codegen';

/**
 * `npm run api:generate`: writes the OpenAPI document and the web client's types. Needs neither a
 * database nor Temporal (the document is built in Nest's preview mode). With `--check` it writes
 * nothing and exits 1, naming the stale files, when the committed ones differ from what it would write.
 */
async function main() {
  const files = await generateWebClientFiles();
  const outputs: [string, string][] = [[OPENAPI_JSON, files.openapiJson], [SCHEMA_TS, files.schemaTs]];
  if (process.argv.includes('--check')) {
    const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return null; } };
    const stale = outputs.filter(([path, text]) => read(path) !== text).map(([path]) => path);
    if (stale.length) {
      console.error(`[api:generate] stale: ${stale.join(', ')}. The API's contract changed: run \`${GENERATE_COMMAND}\` and commit ${WEB_API_DIR}.`);
      process.exit(1);
    }
    console.log('[api:generate] the committed web client is current');
    return;
  }
  mkdirSync(WEB_API_DIR, { recursive: true });
  for (const [path, text] of outputs) writeFileSync(path, text);
  console.log(`[api:generate] wrote ${OPENAPI_JSON} and ${SCHEMA_TS}`);
}

main().catch((err) => {
  console.error('[api:generate] failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});
