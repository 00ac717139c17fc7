import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CalendarError, defaultHolidayCalendar, statutoryDeadline } from '@sendflow/calendar';
import { requestWorkflowId, type Actor } from '@sendflow/domain';
import { recordExceptionUpdate, requestStateQuery, sopInterpreterWorkflow, type InterpreterInput, type RequestState } from '@sendflow/workflows';
import type { RequestEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { uuidV5 } from '../common/uuid-v5.util';
import { FormBundlesService } from '../forms/form-bundles.service';
import { SopsRepository } from '../sops/sops.repository';
import { apiConfig } from '../config/api-config';
import { databaseDataError, DependencyUnavailableException } from '../common/unavailable';
import { probeTemporal, temporalKnownDown, updateWithinBound, withinBound } from '../temporal/bounded-call';
import { intakeSearchAttributes } from '../temporal/search-attributes';
import { intakeStepDuration } from '../observability/metrics';
import { TEMPORAL_CLIENT, TEMPORAL_TASK_QUEUE } from '../temporal/temporal.module';
import type { CreateRequestDto } from './requests.dto';
import type { RecordExceptionDto } from './record-exception.dto';
import { deliverySetting } from './delivery.settings';
import { isSameChild } from './same-child.util';
import { requestView } from './request.view';
import { RequestsRepository } from './requests.repository';
import { canSeeRequest } from './request-access';

/** One intake step under its metric, whatever its outcome. */
async function timed<T>(step: 'lookup' | 'workflow_start' | 'insert', work: () => Promise<T>): Promise<T> {
  const end = intakeStepDuration.startTimer({ step });
  try {
    return await work();
  } finally {
    end();
  }
}

/** WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS: carry a request over to a fresh run sooner than Temporal suggests. */
function continueAsNewSetting(): Pick<InterpreterInput, 'continueAsNewAfterEvents'> {
  const n = apiConfig().WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
  return n !== undefined ? { continueAsNewAfterEvents: n } : {};
}

@Injectable()
export class RequestsService {
  private readonly logger = new Logger(RequestsService.name);

  constructor(
    private readonly requests: RequestsRepository,
    private readonly sops: SopsRepository,
    private readonly audit: AuditService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_TASK_QUEUE) private readonly taskQueue: string,
    private readonly bundles: FormBundlesService,
  ) {}

  /**
   * Intake. The workflow starts first (bounded, outside any transaction), then the row and its
   * audit record are written in one statement; if that fails, the workflow finds no row and ends
   * itself. The same LA + reference maps to the same workflow id and request id.
   *
   * Per request it costs one lookup (existing request, LA, latest published SOP version: one
   * statement), the workflow start and one insert; the published SOP definition and its form
   * bundle never change and are read once per process.
   */
  async create(dto: CreateRequestDto, actor: Actor): Promise<{ created: boolean; request: ReturnType<typeof requestView> }> {
    const workflowId = requestWorkflowId(dto.localAuthorityCode, dto.laReference);
    const lookup = await timed('lookup', () => this.requests.intakeLookup(workflowId, dto.localAuthorityCode, dto.sopKey ?? apiConfig().DEFAULT_SOP_KEY));
    if (lookup.existing) return { created: false, request: await this.answerExisting(lookup.existing, dto, actor) };

    if (!lookup.localAuthorityExists) {
      throw new BadRequestException(`localAuthorityCode: ${dto.localAuthorityCode} is not a local authority this trust works with`);
    }
    const published = lookup.sop;
    if (!published && dto.sopKey !== undefined) {
      if (!(await this.sops.keyExists(dto.sopKey))) throw new BadRequestException(`sopKey: there is no SOP ${dto.sopKey}`);
      throw new ConflictException(`sopKey: SOP ${dto.sopKey} has no published version`);
    }
    if (!published) throw new ServiceUnavailableException(`No published version of SOP ${apiConfig().DEFAULT_SOP_KEY}: publish one before taking requests`);
    const definition = await this.requests.publishedDefinition(published.id);
    if (!definition) throw new DependencyUnavailableException('The SOP version could not be read; try again.');
    const sop = { id: published.id, definition, formPins: published.formPins };

    if (Date.parse(dto.receivedAt) > Date.now() + 5 * 60_000) throw new BadRequestException('receivedAt: must not be in the future');
    let deadline;
    const policy = apiConfig().RECEIPT_CUTOFF;
    try {
      deadline = statutoryDeadline({ receivedAt: dto.receivedAt, policy, calendar: defaultHolidayCalendar });
    } catch (err) {
      if (err instanceof CalendarError) throw new BadRequestException(`receivedAt: ${err.message}`);
      throw err;
    }

    const requestId = uuidV5(workflowId);
    // The pinned forms travel with the request (a version published before forms were data pinned none: the shipped ones).
    const formBundle = sop.formPins ? await this.bundles.bundleFor(sop.formPins) : undefined;
    const input: InterpreterInput = {
      requestId,
      sopVersionId: sop.id,
      sop: sop.definition,
      request: {
        localAuthorityCode: dto.localAuthorityCode, laReference: dto.laReference.trim(), ehcpFlag: dto.ehcpFlag, adviceType: dto.adviceType,
        receivedAt: new Date(dto.receivedAt).toISOString(), effectiveReceiptDate: deadline.effectiveReceiptDate,
        statutoryDueDate: deadline.dueDate, statutoryDueAt: deadline.dueAt, receiptPolicy: policy,
      },
      ...continueAsNewSetting(), ...deliverySetting(apiConfig()), ...(formBundle ? { formBundle } : {}),
    };
    // The workflow starts first, outside any transaction and under a short bound, so an
    // unreachable Temporal never holds a database connection; if the row then fails to commit,
    // the workflow finds no row and ends itself after its grace period (a retry within it
    // re-attaches: USE_EXISTING). Workflow history carries ids, dates and the SOP, never the
    // child's identifiers.
    try {
      if (temporalKnownDown(this.temporal)) throw new Error('Temporal known to be unreachable');
      await timed('workflow_start', () => withinBound(this.temporal, apiConfig().TEMPORAL_CALL_TIMEOUT_MS, 'start workflow', () => this.temporal.workflow.start(sopInterpreterWorkflow, {
        workflowId, taskQueue: this.taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: intakeSearchAttributes(deadline.dueDate, dto.localAuthorityCode),
      })));
    } catch (err) {
      void probeTemporal(this.temporal); // so the next intakes know at once if the server is gone
      this.logger.warn(`intake: workflow start failed for request ${requestId}: ${err instanceof Error ? err.name : 'error'}`);
      throw new DependencyUnavailableException('The request was not recorded: the workflow service did not answer; nothing was saved. Try again.');
    }
    let row: RequestEntity;
    try {
      row = await timed('insert', () => this.requests.insertWithAudit({
        id: requestId, workflowId, localAuthorityCode: dto.localAuthorityCode, laReference: dto.laReference.trim(),
        childGivenName: dto.child.givenName.trim(), childFamilyName: dto.child.familyName.trim(), childDateOfBirth: dto.child.dateOfBirth,
        nhsNumber: dto.child.nhsNumber?.replace(/\s/g, '') ?? null, ehcpFlag: dto.ehcpFlag, adviceType: dto.adviceType,
        receivedAt: new Date(dto.receivedAt), effectiveReceiptDate: deadline.effectiveReceiptDate, statutoryDueDate: deadline.dueDate,
        statutoryDueAt: new Date(deadline.dueAt), deadlineExplanation: deadline.explanation, baseDueDate: deadline.baseDueDate, laDueDate: dto.laDueDate ?? null,
        status: 'received', sopVersionId: sop.id, createdBy: actor.userId,
      }, { actorId: actor.userId, action: 'request.create', entity: 'request', entityId: requestId, requestId, after: { workflowId, sopVersionId: sop.id, statutoryDueDate: deadline.dueDate } }));
    } catch (err) {
      if (databaseDataError(err) === 'unique') {
        // A concurrent post of the same request won the race: answer with its row.
        const winner = await this.requests.findByWorkflowId(workflowId);
        if (winner) return { created: false, request: await this.answerExisting(winner, dto, actor) };
      }
      if (err instanceof BadRequestException || err instanceof ConflictException) throw err;
      this.logger.warn(`intake: the row for request ${requestId} did not commit: ${err instanceof Error ? err.name : 'error'}`);
      if (databaseDataError(err) === 'data') throw new BadRequestException('A value in the request cannot be stored (out of range or not valid for its field)');
      // The commit failed or its outcome is unknown: a retry with the same body either finds the
      // row or records it; a workflow started for a row that never commits ends itself.
      throw new DependencyUnavailableException('The request may not have been recorded (the database did not confirm it). Send it again: the same LA and reference are recorded once.');
    }
    return { created: true, request: requestView(row) };
  }

  /**
   * Posting a request that exists answers with its record, which is a read of it. The same LA
   * reference for a different child is refused (409) naming the existing request only: the other
   * child's details are not the poster's to see, and the new child must not be silently dropped.
   */
  private async answerExisting(row: RequestEntity, dto: CreateRequestDto, actor: Actor) {
    const existingChild = { givenName: row.childGivenName, familyName: row.childFamilyName, dateOfBirth: row.childDateOfBirth, nhsNumber: row.nhsNumber };
    if (!isSameChild(existingChild, dto.child)) {
      await this.audit.record(actor, { action: 'request.create_conflict', entity: 'request', entityId: row.id, requestId: row.id });
      throw new ConflictException({
        message: `laReference: ${row.laReference} from ${row.localAuthorityCode} is already request ${row.id}, for a different child. Check the reference with the LA; nothing was saved.`,
        existing: { id: row.id, laReference: row.laReference, localAuthorityCode: row.localAuthorityCode },
      });
    }
    await this.audit.record(actor, { action: 'request.create_existing', entity: 'request', entityId: row.id, requestId: row.id });
    return requestView(row);
  }

  /** The SOP version the request is pinned to (its definition as it ran), for the request-on-its-flow view. */
  async flow(id: string, actor: Actor) {
    const row = await this.requests.findById(id);
    if (!row || !this.canSee(actor, row.allocatedServices)) throw new NotFoundException(`Request ${id} not found`);
    // A request imported from history ran outside SENDflow and has no SOP version to draw.
    if (!row.sopVersionId) throw new NotFoundException(`Request ${id} was imported from history and has no SOP flow`);
    const sop = await this.sops.findById(row.sopVersionId);
    if (!sop) throw new NotFoundException(`Request ${id} not found`);
    await this.audit.record(actor, { action: 'request.read_flow', entity: 'request', entityId: id, requestId: id });
    return { requestId: id, sopVersionId: sop.id, sopKey: sop.sopKey, version: sop.version, status: sop.status, definition: sop.definition };
  }

  /**
   * The workflow's own view (the truth the projection is built from), with the tasks of the
   * per-service branches that are still running, each asked of its own child workflow.
   */
  async liveState(id: string, actor: Actor) {
    const row = await this.requests.findById(id);
    if (!row || !this.canSee(actor, row.allocatedServices)) throw new NotFoundException(`Request ${id} not found`);
    const bound = apiConfig().TEMPORAL_CALL_TIMEOUT_MS;
    const state = await withinBound(this.temporal, bound, 'query request', () => this.temporal.workflow.getHandle(row.workflowId).query(requestStateQuery));
    const running = (state.branches ?? []).filter((b) => b.status === 'running');
    const branchStates: RequestState[] = await withinBound(this.temporal, bound, 'query branches', () =>
      Promise.all(running.map((b) => this.temporal.workflow.getHandle(b.workflowId).query(requestStateQuery))));
    await this.audit.record(actor, { action: 'request.read_live', entity: 'request', entityId: id, requestId: id });
    return {
      ...state,
      tasks: [...state.tasks, ...branchStates.flatMap((b) => b.tasks)],
      activeNodes: [...state.activeNodes, ...branchStates.flatMap((b) => b.activeNodes)],
    };
  }

  /**
   * Records a reg 8(2) pause or extension. The workflow recomputes the deadline with the same
   * calendar code as intake, moves its timers and projects the new date before answering.
   */
  async recordException(id: string, dto: RecordExceptionDto, actor: Actor, idempotencyKey?: string) {
    const row = await this.requests.findById(id);
    if (!row || !this.canSee(actor, row.allocatedServices)) throw new NotFoundException(`Request ${id} not found`);
    if (['returned', 'not_known', 'cancelled'].includes(row.status)) throw new ConflictException(`The request is ${row.status}: its deadline no longer runs`);
    if (dto.type === 'pause' && (dto.from as string) > (dto.to as string)) throw new BadRequestException(`to: ${dto.to} must not be before from (${dto.from})`);
    const exceptionId = idempotencyKey ? uuidV5(`${row.workflowId}:exception:${idempotencyKey}`) : randomUUID();
    const exception = dto.type === 'pause'
      ? { type: 'pause' as const, id: exceptionId, kind: dto.kind, from: dto.from as string, to: dto.to as string, evidence: dto.evidence.trim() }
      : { type: 'extension' as const, id: exceptionId, kind: dto.kind, days: dto.days as number, evidence: dto.evidence.trim() };
    const answer = await updateWithinBound(this.temporal, this.temporal.workflow.getHandle(row.workflowId), recordExceptionUpdate, {
      args: [{ exception, recordedAt: new Date().toISOString(), actor }],
      updateId: `exception:${exceptionId}`,
    }, apiConfig().TASK_COMPLETION_WAIT_MS);
    if (answer.state !== 'completed') {
      throw new DependencyUnavailableException('The workflow did not confirm the exception in time. It may still take effect: retry with the same Idempotency-Key to learn the outcome.');
    }
    const deadline = answer.result;
    await this.audit.record(actor, {
      action: 'request.deadline_exception', entity: 'request', entityId: id, requestId: id,
      before: { statutoryDueDate: row.statutoryDueDate }, after: { statutoryDueDate: deadline.dueDate, exception: { ...exception, evidence: undefined } },
    });
    const updated = await this.requests.findById(id);
    return requestView(updated ?? row);
  }

  private canSee(actor: Actor, allocated: string[]): boolean {
    return canSeeRequest(actor, allocated);
  }
}
