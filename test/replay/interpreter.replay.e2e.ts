import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack';

/**
 * Recorded histories of real runs, replayed against today's workflow code. A change to the
 * interpreter that would break running requests (non-determinism) fails here, in CI, instead of
 * in production. Record new ones with `RECORD_REPLAY_HISTORIES=test/replay/histories npx jest
 * test/request-engine.e2e.ts` (add their workflow ids to workflow-ids.json) or `temporal workflow show -w <id> -o json`.
 */
const dir = join(__dirname, 'histories');
/** Workflow ids of recordings whose code derives ids from its own (child workflows); others replay under the file name. */
const ids: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'workflow-ids.json'), 'utf8'));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('interpreter replay', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, ids[file] ?? file)).resolves.toBeUndefined();
  });
});
