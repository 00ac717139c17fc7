import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { tsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { INTERPRETER_WORKFLOW_TYPE } from '@sendflow/domain';
import type { InterpreterInput } from '@sendflow/workflows';
import { ProjectionRepository } from './projection.repository';
import { isProjectionActivity, PROJECTION_WRITES } from './projection-writes';

export interface RebuildReport {
  workflows: number;
  runs: number;
  writes: number;
  /** Open activity incidents closed because the rebuild rewrote what their failed writes missed. */
  incidentsResolved: number;
  /** Workflows whose request row is gone: its personal data was never in Temporal, so they cannot be rebuilt. */
  skipped: string[];
}

export interface RebuildOptions {
  client: Client;
  dataSource: DataSource;
  /** The same converter (and payload codec) the workers use, to read activity inputs from history. */
  dataConverter?: DataConverter;
  /** Request workflows to rebuild; all of them when omitted. */
  workflowIds?: string[];
}

/**
 * Rebuilds the read model (request status, deadline, tasks, timeline, compiled advice) from
 * Temporal: every projection the workflows ever scheduled is in their histories, so replaying
 * those writes in order, through the same writers the activities use, restores what PostgreSQL
 * lost. Request rows (the child's identifiers) come from the API, not from workflows, and must
 * exist; requests without one are reported, not invented.
 */
export async function rebuildProjections(opts: RebuildOptions): Promise<RebuildReport> {
  const repo = new ProjectionRepository(opts.dataSource);
  const converter = loadDataConverter(opts.dataConverter);
  const report: RebuildReport = { workflows: 0, runs: 0, writes: 0, incidentsResolved: 0, skipped: [] };
  const ids = opts.workflowIds ?? (await listRequestWorkflows(opts.client));

  const rebuild = async (workflowId: string): Promise<void> => {
    report.workflows++;
    const children = new Set<string>();
    for (const runId of await runsOldestFirst(opts.client, workflowId)) {
      const history = await opts.client.workflow.getHandle(workflowId, runId).fetchHistory();
      report.runs++;
      const returnToLa = new Map<string, unknown[]>();
      for (const e of history.events ?? []) {
        const at = e.eventTime ? tsToDate(e.eventTime) : new Date();
        const scheduled = e.activityTaskScheduledEventAttributes;
        if (scheduled) {
          const name = scheduled.activityType?.name ?? '';
          if (isProjectionActivity(name)) {
            const args = await decodeArrayFromPayloads(converter, scheduled.input?.payloads);
            await (PROJECTION_WRITES[name] as (r: ProjectionRepository, a: unknown[], at: Date) => Promise<void>)(repo, args, at);
            report.writes++;
          } else if (name === 'returnToLa') {
            returnToLa.set(String(e.eventId), await decodeArrayFromPayloads(converter, scheduled.input?.payloads));
          }
        }
        // The return is evidence: keep the instant the activity recorded, and never send it again.
        const completed = e.activityTaskCompletedEventAttributes;
        const returnArgs = completed && returnToLa.get(String(completed.scheduledEventId));
        if (completed && returnArgs) {
          const [result] = (await decodeArrayFromPayloads(converter, completed.result?.payloads)) as { returnedAt: string }[];
          await repo.markReturned(returnArgs[0] as string, returnArgs[1], new Date(result.returnedAt));
          report.writes++;
        }
        const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (child) children.add(child);
      }
    }
    for (const child of children) await rebuild(child);
    report.incidentsResolved += await repo.resolveIncidentsOf(workflowId);
  };

  for (const workflowId of ids) {
    const input = await firstInput(opts.client, converter, workflowId);
    if (!input || !(await repo.ensureRequestExists(input))) {
      report.skipped.push(workflowId);
      continue;
    }
    await rebuild(workflowId);
  }
  return report;
}

async function listRequestWorkflows(client: Client): Promise<string[]> {
  const ids = new Set<string>();
  for await (const w of client.workflow.list({ query: `WorkflowType = '${INTERPRETER_WORKFLOW_TYPE}'` })) ids.add(w.workflowId);
  return [...ids];
}

/** A request that continued as new has several runs; their writes apply in the order they ran. */
async function runsOldestFirst(client: Client, workflowId: string): Promise<string[]> {
  const runs: { runId: string; start: number }[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` })) runs.push({ runId: w.runId, start: w.startTime.getTime() });
  return runs.sort((a, b) => a.start - b.start).map((r) => r.runId);
}

async function firstInput(client: Client, converter: ReturnType<typeof loadDataConverter>, workflowId: string): Promise<InterpreterInput | undefined> {
  const runs = await runsOldestFirst(client, workflowId);
  if (runs.length === 0) return undefined;
  const history = await client.workflow.getHandle(workflowId, runs[0]).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes as temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes | undefined;
  const [input] = (await decodeArrayFromPayloads(converter, started?.input?.payloads)) as InterpreterInput[];
  return input;
}
