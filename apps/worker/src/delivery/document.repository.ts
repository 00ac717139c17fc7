import type { DataSource } from 'typeorm';
import type { DeliveryChannel } from '@sendflow/persistence';
import type { AdviceDocumentKind, SendflowDocument } from '@sendflow/domain';
import { queryWithoutParameters } from '../projections/projection.repository';

export interface RequestForDocument {
  id: string; la_reference: string; child_given_name: string; child_family_name: string; child_date_of_birth: string; nhs_number: string | null;
  effective_receipt_date: string; received_at: Date; statutory_due_date: string; compiled_advice: { contributions?: { serviceCode: string; taskId?: string; data: unknown }[] } | null;
  not_known_details: unknown; local_authority_code: string; la_name: string;
}

export interface LaChannel { code: string; name: string; delivery_channel: DeliveryChannel; delivery_email: string | null; webhook_url: string | null; webhook_secret: string | null }

export interface DocumentRow {
  id: string; request_id: string; kind: AdviceDocumentKind; version: number; model: SendflowDocument; delivery_status: string;
  delivery_channel: DeliveryChannel | null; delivered_at: Date | null; la_code: string;
}

/** The SQL behind issuing and delivering documents. */
export class DocumentRepository {
  private readonly ds: Pick<DataSource, 'query'>;
  constructor(dataSource: DataSource) {
    this.ds = queryWithoutParameters(dataSource);
  }

  async requestForDocument(requestId: string): Promise<RequestForDocument | null> {
    const rows = await this.ds.query(
      `SELECT r.id, r.la_reference, r.child_given_name, r.child_family_name, to_char(r.child_date_of_birth, 'YYYY-MM-DD') AS child_date_of_birth, r.nhs_number,
              to_char(r.effective_receipt_date, 'YYYY-MM-DD') AS effective_receipt_date, r.received_at, to_char(r.statutory_due_date, 'YYYY-MM-DD') AS statutory_due_date,
              r.compiled_advice, r.not_known_details, r.local_authority_code, la.name AS la_name
         FROM requests r JOIN local_authorities la ON la.code = r.local_authority_code WHERE r.id = $1`, [requestId]);
    return rows[0] ?? null;
  }

  async serviceNames(): Promise<Record<string, string>> {
    const rows: { code: string; name: string }[] = await this.ds.query(`SELECT code, name FROM services`);
    return Object.fromEntries(rows.map((r) => [r.code, r.name]));
  }

  /** Version n+1 for the request, or the row already written under this id (a retried activity). */
  async insertVersion(documentId: string, requestId: string, kind: AdviceDocumentKind, correctionReason: string | null, issuedAt: Date, build: (version: number) => SendflowDocument): Promise<number> {
    const existing: { version: number }[] = await this.ds.query(`SELECT version FROM document_versions WHERE id = $1`, [documentId]);
    if (existing[0]) return existing[0].version;
    const [{ next }]: { next: number }[] = await this.ds.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM document_versions WHERE request_id = $1`, [requestId]);
    const model = build(next);
    await this.ds.query(
      `INSERT INTO document_versions (id, request_id, kind, version, model, correction_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [documentId, requestId, kind, next, JSON.stringify(model), correctionReason, issuedAt.toISOString()],
    );
    return next;
  }

  async setCompiledContributions(requestId: string, contributions: { serviceCode: string; taskId?: string; data: unknown }[]): Promise<void> {
    const advice = { compiledFrom: contributions.map((c) => ({ serviceCode: c.serviceCode, taskId: c.taskId })), contributions };
    await this.ds.query(`UPDATE requests SET compiled_advice = $2, updated_at = now() WHERE id = $1`, [requestId, JSON.stringify(advice)]);
  }

  async find(documentId: string): Promise<DocumentRow | null> {
    const rows = await this.ds.query(
      `SELECT d.id, d.request_id, d.kind, d.version, d.model, d.delivery_status, d.delivery_channel, d.delivered_at, r.local_authority_code AS la_code
         FROM document_versions d JOIN requests r ON r.id = d.request_id WHERE d.id = $1`, [documentId]);
    return rows[0] ?? null;
  }

  async laChannel(code: string): Promise<LaChannel> {
    const rows = await this.ds.query(`SELECT code, name, delivery_channel, delivery_email, webhook_url, webhook_secret FROM local_authorities WHERE code = $1`, [code]);
    return rows[0];
  }

  /** The coordinator will send it and record that (POST .../manual-delivery). */
  async markAwaitingManual(documentId: string): Promise<void> {
    await this.ds.query(`UPDATE document_versions SET delivery_status = 'awaiting_manual', delivery_channel = 'manual' WHERE id = $1 AND delivery_status = 'pending'`, [documentId]);
  }

  async countAttempt(documentId: string, error: string | null): Promise<void> {
    await this.ds.query(`UPDATE document_versions SET delivery_attempts = delivery_attempts + 1, last_error = $2 WHERE id = $1`, [documentId, error]);
  }

  /**
   * Marks it delivered once: a second call (a retry after the first succeeded) keeps the first
   * time. The request's date returned is the first delivery of any of its documents.
   */
  async markDelivered(documentId: string, channel: DeliveryChannel, at: Date, detail: Record<string, unknown>, model: SendflowDocument): Promise<Date> {
    const rows: { delivered_at: Date; request_id: string }[] = await this.ds.query(
      `UPDATE document_versions SET delivery_status = 'delivered', delivery_channel = COALESCE(delivery_channel, $2), delivered_at = COALESCE(delivered_at, $3),
              delivery_detail = COALESCE(delivery_detail, $4), model = CASE WHEN delivered_at IS NULL THEN $5::jsonb ELSE model END, last_error = NULL
        WHERE id = $1 RETURNING delivered_at, request_id`,
      [documentId, channel, at.toISOString(), JSON.stringify(detail), JSON.stringify(model)],
    );
    const row = Array.isArray(rows[0]) ? (rows[0] as unknown as typeof rows)[0] : rows[0];
    await this.ds.query(`UPDATE requests SET returned_at = COALESCE(returned_at, $2), updated_at = now() WHERE id = $1`, [row.request_id, new Date(row.delivered_at).toISOString()]);
    return new Date(row.delivered_at);
  }
}
