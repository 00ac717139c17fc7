import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateWebClientFiles, OPENAPI_JSON, SCHEMA_TS, WEB_API_DIR } from './web-client.codegen';

/**
 * `npm run api:generate`: writes the OpenAPI document and the web client's types. Needs neither a
 * database nor Temporal (the document is built in Nest's preview mode).
 */
async function main() {
  const files = await generateWebClientFiles();
  mkdirSync(WEB_API_DIR, { recursive: true });
  writeFileSync(OPENAPI_JSON, files.openapiJson);
  writeFileSync(SCHEMA_TS, files.schemaTs);
  console.log(`[api:generate] wrote ${OPENAPI_JSON} and ${SCHEMA_TS}`);
}

main().catch((err) => {
  console.error('[api:generate] failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});
