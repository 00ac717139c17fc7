/**
 * Writes the worker's workflow bundle (code and source map) to the path given, so `npm test`
 * bundles once per run and every test file's worker loads the same bundle
 * (`SENDFLOW_TEST_WORKFLOW_BUNDLE`, read by test/support/stack.ts).
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: bundle-workflows.cli.ts <output.json>');
  const bundle = await bundleWorkflows();
  writeFileSync(out, JSON.stringify({ code: bundle.code, sourceMap: bundle.sourceMap }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
