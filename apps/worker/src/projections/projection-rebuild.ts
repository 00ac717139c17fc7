import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type DataConverter } from '@temporalio/common';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { tsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { CORRECTION_WORKFLOW_TYPE, INTERPRETER_WORKFLOW_TYPE } from '@sendflow/domain';
import { trustSettingsFromEnv } from '@sendflow/documents';
import type { DeliveryResult, InterpreterInput, IssueDocumentInput, ManualDelivery, ProjectedBatch } from '@sendflow/workflows';
import { issueVersion, rebuildDelivery } from '../delivery/document.activities';
import { DocumentRepository } from '../delivery/document.repository';
import { ProjectionRepository } from './projection.repository';
import { applyWrite, isProjectionActivity, writesOf } from './projection-writes';

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
 * Rebuilds the read model (request status, deadline, tasks, timeline, compiled advice, the
 * documents issued for the LA and when each was delivered, corrections included) from Temporal: every projection the workflows ever scheduled is in their histories, so replaying
 * those writes in order, through the same writers the activities use, restores what PostgreSQL
 * lost. Request rows (the child's identifiers) come from the API, not from workflows, and must
 * exist; requests without one are reported, not invented. A document's model is built again from
 * the request row as the activity built it; what the receiver answered (SMTP response, webhook
 * status), failed attempts' count and error, and a manual delivery recorded through the API
 * (POST .../manual-delivery, not a workflow step) are not in history and do not come back.
 */
export async function rebuildProjections(opts: RebuildOptions): Promise<RebuildReport> {
  const repo = new ProjectionRepository(opts.dataSource);
  const documents = new DocumentRepository(opts.dataSource);
  const trust = trustSettingsFromEnv();
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
      // Documents (issue 9): issued and delivered by activities whose inputs and results are in history.
      const documentCalls = new Map<string, { name: string; args: unknown[]; at: Date }>();
      for (const e of history.events ?? []) {
        const at = e.eventTime ? tsToDate(e.eventTime) : new Date();
        const scheduled = e.activityTaskScheduledEventAttributes;
        if (scheduled) {
          const name = scheduled.activityType?.name ?? '';
          if (isProjectionActivity(name) || name === 'project') {
            // One write per activity, or (newer runs) a batch of them in the order they were made.
            for (const w of writesOf(name, await decodeArrayFromPayloads(converter, scheduled.input?.payloads)) ?? []) {
              await applyWrite(repo, w, at);
              report.writes++;
            }
          } else if (name === 'returnToLa') {
            returnToLa.set(String(e.eventId), await decodeArrayFromPayloads(converter, scheduled.input?.payloads));
          } else if (DOCUMENT_ACTIVITIES.has(name)) {
            documentCalls.set(String(e.eventId), { name, args: await decodeArrayFromPayloads(converter, scheduled.input?.payloads), at });
          }
        }
        const documentCall = e.activityTaskCompletedEventAttributes && documentCalls.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
        if (documentCall) {
          const [result] = await decodeArrayFromPayloads(converter, e.activityTaskCompletedEventAttributes!.result?.payloads);
          if (documentCall.name === 'issueDocument') {
            await issueVersion(documents, trust, documentCall.args[0] as string, documentCall.args[1] as IssueDocumentInput, documentCall.at);
          } else {
            await rebuildDelivery(documents, documentCall.args[0] as string, result as DeliveryResult, (documentCall.args[1] ?? null) as ManualDelivery | null);
          }
          report.writes++;
        }
        // The return is evidence: keep the instant the activity recorded, and never send it again.
        const completed = e.activityTaskCompletedEventAttributes;
        const returnArgs = completed && returnToLa.get(String(completed.scheduledEventId));
        if (completed && returnArgs) {
          const [result] = (await decodeArrayFromPayloads(converter, completed.result?.payloads)) as { returnedAt: string }[];
          await repo.markReturned(returnArgs[0] as string, returnArgs[1], new Date(result.returnedAt));
          report.writes++;
        }
        // Newer runs write their batches as local activities: the marker keeps what was written, and when.
        const local = await localProjection(converter, e);
        for (const w of local?.writes ?? []) {
          await applyWrite(repo, w, new Date(local!.at));
          report.writes++;
        }
        const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (child) children.add(child);
      }
    }
    for (const child of children) await rebuild(child);
    report.incidentsResolved += await repo.resolveIncidentsOf(workflowId);
  };
  /** Corrections after return run as workflows of their own, named after the request: in version order. */
  const corrections = async (workflowId: string): Promise<string[]> => {
    const ids = new Set<string>();
    for await (const w of opts.client.workflow.list({ query: `WorkflowType = '${CORRECTION_WORKFLOW_TYPE}'` })) {
      if (w.workflowId.startsWith(`${workflowId}/correction/v`)) ids.add(w.workflowId);
    }
    const version = (id: string) => Number(id.slice(id.lastIndexOf('/v') + 2));
    return [...ids].sort((a, b) => version(a) - version(b));
  };

  for (const workflowId of ids) {
    const input = await firstInput(opts.client, converter, workflowId);
    if (!input || !(await repo.ensureRequestExists(input))) {
      report.skipped.push(workflowId);
      continue;
    }
    await rebuild(workflowId);
    for (const correction of await corrections(workflowId)) await rebuild(correction);
  }
  return report;
}

/** The marker the SDK core records for a completed local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
const DOCUMENT_ACTIVITIES = new Set(['issueDocument', 'deliverDocument', 'recordManualDelivery']);

/**
 * The answer of a completed `projectLocal` (its marker's result), or null for any other event. The
 * marker's `data` is the SDK core's own JSON (activity type, attempt, times), never encoded.
 */
async function localProjection(converter: ReturnType<typeof loadDataConverter>, e: temporal.api.history.v1.IHistoryEvent): Promise<ProjectedBatch | null> {
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER || marker.failure) return null;
  const data = marker.details?.data?.payloads?.[0];
  const meta = data ? defaultPayloadConverter.fromPayload<{ activity_type?: string }>(data) : null;
  if (meta?.activity_type !== 'projectLocal' || !marker.details?.result?.payloads?.length) return null;
  const [result] = await decodeArrayFromPayloads(converter, marker.details.result.payloads);
  return result as ProjectedBatch;
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
