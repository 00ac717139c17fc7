import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import type { FormPins } from '@sendflow/domain';
import { RequestEntity, TaskEntity, TimelineEventEntity } from '@sendflow/persistence';
import type { SopDefinition } from '@sendflow/sop';
import { directQuery } from '../database/direct-query';
import { AUDIT_INSERT_COLUMNS, auditInsertParams, type AuditInsert } from '../audit/audit.service';

/** What intake needs to know before it starts a workflow, read in one round trip. */
export interface IntakeLookup {
  /** The request already recorded under this workflow id (same LA and reference), if any. */
  existing: RequestEntity | null;
  localAuthorityExists: boolean;
  /** The highest published version of the SOP key, if it has one. */
  sop: { id: string; formPins: FormPins | null } | null;
}

/** The columns intake writes; everything else starts at its default. */
export type NewRequestRow = Pick<RequestEntity,
  'id' | 'workflowId' | 'localAuthorityCode' | 'laReference' | 'childGivenName' | 'childFamilyName' | 'childDateOfBirth' | 'nhsNumber' |
  'ehcpFlag' | 'adviceType' | 'receivedAt' | 'effectiveReceiptDate' | 'statutoryDueDate' | 'statutoryDueAt' | 'deadlineExplanation' |
  'baseDueDate' | 'laDueDate' | 'status' | 'sopVersionId' | 'createdBy'>;

/** Published SOP versions never change, so their definitions are read once (a handful of versions per process). */
const SOP_DEFINITION_CACHE_MAX = 64;

/** All SQL behind the requests feature. */
@Injectable()
export class RequestsRepository {
  private readonly sopDefinitions = new Map<string, Promise<SopDefinition | null>>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string): Promise<RequestEntity | null> {
    return this.ds.getRepository(RequestEntity).findOneBy({ id });
  }

  findByWorkflowId(workflowId: string): Promise<RequestEntity | null> {
    return this.ds.getRepository(RequestEntity).findOneBy({ workflowId });
  }

  /**
   * Intake's checks in one statement: the existing request for the workflow id, whether the LA
   * is one the trust works with, and the SOP key's latest published version (id and pins; the
   * definition comes from publishedDefinition, cached).
   */
  async intakeLookup(workflowId: string, localAuthorityCode: string, sopKey: string): Promise<IntakeLookup> {
    // Intake's hot statements go straight to the pool (see directQuery).
    const rows = await directQuery(this.ds,
      `SELECT la.la_exists AS intake_la_exists, v.id AS intake_sop_id, v.form_pins AS intake_sop_form_pins, r.*
         FROM (SELECT EXISTS (SELECT 1 FROM local_authorities WHERE code = $2) AS la_exists) la
         LEFT JOIN LATERAL (SELECT id, form_pins FROM sop_versions WHERE sop_key = $3 AND status = 'published' ORDER BY version DESC LIMIT 1) v ON true
         LEFT JOIN requests r ON r.workflow_id = $1`,
      [workflowId, localAuthorityCode, sopKey],
    );
    const row = rows[0];
    return {
      existing: row.id ? hydrate(this.ds, RequestEntity, row) : null,
      localAuthorityExists: row.intake_la_exists === true,
      sop: row.intake_sop_id ? { id: String(row.intake_sop_id), formPins: (row.intake_sop_form_pins as FormPins | null) ?? null } : null,
    };
  }

  /** The definition of a published (or retired) SOP version; null if there is no such version. */
  publishedDefinition(sopVersionId: string): Promise<SopDefinition | null> {
    let d = this.sopDefinitions.get(sopVersionId);
    if (!d) {
      d = this.ds.query(`SELECT definition, status FROM sop_versions WHERE id = $1`, [sopVersionId])
        .then((rows: { definition: SopDefinition; status: string }[]) => {
          const r = rows[0];
          // Only versions that can no longer change are remembered; a draft is read each time.
          if (!r || r.status === 'draft') this.sopDefinitions.delete(sopVersionId);
          return r ? deepFreeze(r.definition) : null;
        });
      if (this.sopDefinitions.size >= SOP_DEFINITION_CACHE_MAX) this.sopDefinitions.delete(this.sopDefinitions.keys().next().value as string);
      this.sopDefinitions.set(sopVersionId, d);
      d.catch(() => this.sopDefinitions.delete(sopVersionId));
    }
    return d;
  }

  /**
   * The request row and its audit record in one statement (so one round trip, and atomic without
   * an explicit transaction); answers the row as stored, with its defaults.
   */
  async insertWithAudit(row: NewRequestRow, audit: AuditInsert): Promise<RequestEntity> {
    const values = [
      row.id, row.workflowId, row.localAuthorityCode, row.laReference, row.childGivenName, row.childFamilyName, row.childDateOfBirth, row.nhsNumber,
      row.ehcpFlag, row.adviceType, row.receivedAt, row.effectiveReceiptDate, row.statutoryDueDate, row.statutoryDueAt,
      JSON.stringify(row.deadlineExplanation), row.baseDueDate, row.laDueDate, row.status, row.sopVersionId, row.createdBy,
    ];
    const auditValues = auditInsertParams(audit);
    const at = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
    const rows = await directQuery(this.ds,
      `WITH r AS (
         INSERT INTO requests (id, workflow_id, local_authority_code, la_reference, child_given_name, child_family_name, child_date_of_birth, nhs_number,
                               ehcp_flag, advice_type, received_at, effective_receipt_date, statutory_due_date, statutory_due_at,
                               deadline_explanation, base_due_date, la_due_date, status, sop_version_id, created_by)
         VALUES (${at(1, values.length)}) RETURNING *),
       a AS (INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS}) VALUES (${at(values.length + 1, auditValues.length)}))
       SELECT * FROM r`,
      [...values, ...auditValues],
    );
    return hydrate(this.ds, RequestEntity, rows[0]);
  }

  tasksOf(requestId: string): Promise<TaskEntity[]> {
    return this.ds.getRepository(TaskEntity).find({ where: { requestId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  timelineOf(requestId: string): Promise<TimelineEventEntity[]> {
    return this.ds.getRepository(TimelineEventEntity).find({ where: { requestId }, order: { at: 'ASC', seq: 'ASC', id: 'ASC' } });
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}

/** A raw row (column names) as the entity TypeORM would have read, converted column by column as TypeORM does. */
function hydrate<T>(ds: DataSource, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const meta = ds.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    if (column.databaseName in raw) column.setEntityValue(entity as object, ds.driver.prepareHydratedValue(raw[column.databaseName], column));
  }
  return entity;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
