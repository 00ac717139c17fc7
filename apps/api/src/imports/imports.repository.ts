import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ImportedRequestRow } from './import-rows.parser';

export interface ImportedRequestInsert extends ImportedRequestRow { id: string }

/** Rows per INSERT: large enough to be quick, small enough to keep each statement's parameters modest. */
const BATCH = 1000;

/** All SQL behind the import of history. */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async localAuthorityCodes(): Promise<Set<string>> {
    return new Set((await this.ds.query(`SELECT code FROM local_authorities`)).map((r: { code: string }) => r.code));
  }

  async serviceCodes(): Promise<Set<string>> {
    return new Set((await this.ds.query(`SELECT code FROM services`)).map((r: { code: string }) => r.code));
  }

  /** Which of these business keys are already recorded (by intake or an earlier import). */
  async existingWorkflowIds(workflowIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < workflowIds.length; i += 10_000) {
      const rows: { workflow_id: string }[] = await this.ds.query(`SELECT workflow_id FROM requests WHERE workflow_id = ANY($1::varchar[])`, [workflowIds.slice(i, i + 10_000)]);
      for (const r of rows) found.add(r.workflow_id);
    }
    return found;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Inserts closed requests with no workflow, and one audit row per request naming the batch, in
   * the caller's transaction. A not-known response's moment is `not_known_at`, as the workflow
   * records it; the advice's is `returned_at`.
   */
  async insertRequests(m: EntityManager, rows: ImportedRequestInsert[], batchId: string, actorId: string): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      const col = <T>(f: (r: ImportedRequestInsert) => T) => part.map(f);
      await m.query(
        `INSERT INTO requests (id, workflow_id, local_authority_code, la_reference, child_given_name, child_family_name, child_date_of_birth,
           ehcp_flag, advice_type, received_at, effective_receipt_date, statutory_due_date, statutory_due_at, deadline_explanation, base_due_date,
           deadline_exceptions, status, overdue, allocated_services, sop_version_id, returned_at, return_details, not_known_at, not_known_details,
           imported, import_batch_id, created_by)
         SELECT u.id, u.workflow_id, u.la, u.ref, u.given, u.family, u.dob, false, 'needs_assessment', u.received, u.effective, u.due, u.due_at,
           u.explanation, u.base_due, u.exceptions, u.outcome,
           (u.responded AT TIME ZONE 'Europe/London')::date > u.due,
           ARRAY(SELECT jsonb_array_elements_text(u.services)), NULL,
           CASE WHEN u.outcome = 'returned' THEN u.responded END, CASE WHEN u.outcome = 'returned' THEN '{"method":"imported"}'::jsonb END,
           CASE WHEN u.outcome = 'not_known' THEN u.responded END, CASE WHEN u.outcome = 'not_known' THEN '{"imported":true}'::jsonb END,
           true, $18, $19
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::date[], $8::timestamptz[], $9::date[],
           $10::date[], $11::timestamptz[], $12::jsonb[], $13::date[], $14::jsonb[], $15::varchar[], $16::jsonb[], $17::timestamptz[])
           AS u(id, workflow_id, la, ref, given, family, dob, received, effective, due, due_at, explanation, base_due, exceptions, outcome, services, responded)`,
        [
          col((r) => r.id), col((r) => r.workflowId), col((r) => r.laCode), col((r) => r.laReference), col((r) => r.givenName), col((r) => r.familyName),
          col((r) => r.dateOfBirth), col((r) => r.receivedAt), col((r) => r.deadline.effectiveReceiptDate), col((r) => r.deadline.dueDate),
          col((r) => r.deadline.dueAt), col((r) => JSON.stringify(r.deadline.explanation)), col((r) => r.deadline.baseDueDate),
          col((r) => JSON.stringify(r.exception ? [{ type: 'extension', id: 'imported', kind: r.exception.kind, days: r.exception.days, evidence: 'Recorded in the trust\'s history before SENDflow (imported)', recordedBy: actorId }] : [])),
          col((r) => r.outcome), col((r) => JSON.stringify(r.services)), col((r) => r.respondedAt), batchId, actorId,
        ],
      );
      await m.query(
        `INSERT INTO audit_events (actor_id, action, entity, entity_id, request_id, after)
         SELECT $1, 'request.import', 'request', u.id::text, u.id, jsonb_build_object('batchId', $2::text) FROM unnest($3::uuid[]) AS u(id)`,
        [actorId, batchId, col((r) => r.id)],
      );
    }
  }
}
