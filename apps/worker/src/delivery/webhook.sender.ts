import { createHmac } from 'node:crypto';
import type { SendflowDocument } from '@sendflow/domain';
import type { RenderedDocument } from '@sendflow/documents';
import { permanent, transient } from './delivery-errors';

export const SIGNATURE_HEADER = 'x-sendflow-signature';
export const TIMESTAMP_HEADER = 'x-sendflow-timestamp';

/** HMAC-SHA256 over "<timestamp>.<body>", hex, as the receiver recomputes it. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs the document's JSON and its PDF to the LA's system. `Idempotency-Key` is the document
 * version id: a retry is the same delivery. 2xx is delivered; 408, 429 and 5xx retry; any other
 * answer is refused for good.
 */
export async function sendByWebhook(url: string | null, secret: string | null, requestId: string, doc: SendflowDocument, pdf: RenderedDocument): Promise<Record<string, unknown>> {
  if (!url || !secret) throw permanent('the local authority has no webhook URL and secret');
  const body = JSON.stringify({
    event: doc.kind === 'advice' ? 'ehcna.health_advice' : 'ehcna.not_known',
    documentId: doc.documentId, version: doc.version, requestId, laReference: doc.cover.laReference, localAuthorityCode: doc.cover.localAuthority.code,
    document: doc,
    pdf: { fileName: pdf.fileName, contentType: pdf.contentType, base64: pdf.body.toString('base64') },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': doc.documentId, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    throw transient(`webhook unreachable: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name}`);
  }
  if (res.ok) return { url: new URL(url).origin, status: res.status };
  const reason = `webhook answered ${res.status}`;
  throw res.status >= 500 || res.status === 408 || res.status === 429 ? transient(reason) : permanent(reason);
}
