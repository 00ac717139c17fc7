import { Context, log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { buildAdviceDocument, buildNotKnownLetter, TRUST_TIME_ZONE, type Contribution, type CoverFacts, type SendflowDocument } from '@sendflow/domain';
import { renderDocument, trustSettingsFromEnv, type TrustSettings } from '@sendflow/documents';
import type { DeliveryResult, DocumentActivities, IssueDocumentInput, ManualDelivery } from '@sendflow/workflows';
import { DocumentRepository, type RequestForDocument } from './document.repository';
import { permanent } from './delivery-errors';
import { mailSettingsFromEnv, type MailSettings } from './mail-settings';
import { sendBySmtp } from './smtp.sender';
import { sendByWebhook } from './webhook.sender';

/** The calendar day in the trust's time zone (what a letter's date means). */
export const trustDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TRUST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

function coverFacts(r: RequestForDocument, trust: TrustSettings): CoverFacts {
  return {
    childGivenName: r.child_given_name, childFamilyName: r.child_family_name, childDateOfBirth: r.child_date_of_birth, nhsNumber: r.nhs_number,
    localAuthority: { code: r.local_authority_code, name: r.la_name }, laReference: r.la_reference, dateRequested: trustDate(new Date(r.received_at)),
    statutoryDueDate: r.statutory_due_date, dateReturned: null, trust: { name: trust.name, address: trust.address },
  };
}

const withDateReturned = (doc: SendflowDocument, at: Date): SendflowDocument => ({ ...doc, cover: { ...doc.cover, dateReturned: trustDate(at) } });

/**
 * The compiled advice with a correction's amended sections in place of the originals, in the
 * original order; a service that had not contributed is added at the end.
 */
export function withAmendments(contributions: Contribution[], amendments: Contribution[]): Contribution[] {
  const byService = new Map(amendments.map((a) => [a.serviceCode, a]));
  const merged = contributions.map((c) => byService.get(c.serviceCode) ?? c);
  return [...merged, ...amendments.filter((a) => !contributions.some((c) => c.serviceCode === a.serviceCode))];
}

/**
 * Builds a version's model from the request's row and keeps it; idempotent by document id. Shared
 * by the activity and the projection rebuild, which passes the instant the workflow scheduled it.
 */
export async function issueVersion(repo: DocumentRepository, trust: TrustSettings, requestId: string, input: IssueDocumentInput, scheduledAt: Date) {
  const { documentId, kind, correctionReason, amendments } = input;
  const request = await repo.requestForDocument(requestId);
  if (!request) throw permanent(`request ${requestId} has no row`);
  const cover = coverFacts(request, trust);
  const serviceNames = await repo.serviceNames();
  const contributions = withAmendments(request.compiled_advice?.contributions ?? [], amendments ?? []);
  // The compiled advice follows what was last issued, so a later correction starts from this one's amendments.
  if (amendments?.length) await repo.setCompiledContributions(requestId, contributions);
  const version = await repo.insertVersion(documentId, requestId, kind, correctionReason ?? null, scheduledAt, (v) => kind === 'advice'
    ? buildAdviceDocument({ documentId, version: v, correctionReason, cover, contributions, serviceNames })
    : buildNotKnownLetter({ documentId, version: v, correctionReason, cover, details: request.not_known_details, decidedOn: trustDate(scheduledAt) }));
  return { documentId, version, laName: request.la_name };
}

/** What a rebuild writes for a delivery the workflow recorded: its time and channel (the receiver's answer is not in history). */
export async function rebuildDelivery(repo: DocumentRepository, documentId: string, result: DeliveryResult, recorded: ManualDelivery | null): Promise<void> {
  if (result.status === 'awaiting_manual') return repo.markAwaitingManual(documentId);
  const doc = await repo.find(documentId);
  if (!doc) return;
  const at = new Date(result.deliveredAt);
  await repo.markDelivered(documentId, result.channel, at, { ...(recorded ?? {}), rebuiltFromHistory: true }, withDateReturned(doc.model, at));
}

export interface DocumentDeps { mail?: MailSettings; trust?: TrustSettings }

/**
 * Issuing and delivering the documents the LA receives. Logs carry ids only. Delivery is
 * exactly-once per version as far as this side can make it: a version marked delivered is never
 * sent again, and the keys the receiver sees (Message-ID, Idempotency-Key) are the version id, so
 * the one window left (the receiver accepted, the worker died before recording it) resends with
 * the same key.
 */
export function createDocumentActivities(ds: DataSource, deps: DocumentDeps = {}): DocumentActivities {
  const repo = new DocumentRepository(ds);
  // Read lazily: a worker without mail settings still runs everything else.
  let mail = deps.mail;
  let trust = deps.trust;
  const mailSettings = () => (mail ??= mailSettingsFromEnv());
  const trustSettings = () => (trust ??= trustSettingsFromEnv());

  return {
    async issueDocument(requestId, input) {
      const issued = await issueVersion(repo, trustSettings(), requestId, input, new Date(Context.current().info.scheduledTimestampMs));
      log.info('document issued', { requestId, documentId: input.documentId, version: issued.version, kind: input.kind });
      return issued;
    },

    async deliverDocument(documentId, recorded) {
      const doc = await repo.find(documentId);
      if (!doc) throw permanent(`document ${documentId} was never issued`);
      if (doc.delivery_status === 'delivered' && doc.delivered_at) {
        return { status: 'delivered', channel: doc.delivery_channel ?? 'manual', deliveredAt: new Date(doc.delivered_at).toISOString() };
      }
      const la = await repo.laChannel(doc.la_code);
      if (la.delivery_channel === 'manual') {
        if (!recorded) {
          await repo.markAwaitingManual(documentId);
          return { status: 'awaiting_manual' };
        }
        const at = new Date();
        const deliveredAt = await repo.markDelivered(documentId, 'manual', at, { ...recorded }, withDateReturned(doc.model, at));
        return { status: 'delivered', channel: 'manual', deliveredAt: deliveredAt.toISOString() };
      }
      const at = new Date();
      const model = withDateReturned(doc.model, at);
      const t = trustSettings();
      try {
        let detail: Record<string, unknown>;
        if (la.delivery_channel === 'smtp') {
          const files = await Promise.all([renderDocument(model, 'pdf', t), renderDocument(model, 'docx', t)]);
          detail = await sendBySmtp(mailSettings(), la.delivery_email, model, files);
        } else {
          detail = await sendByWebhook(la.webhook_url, la.webhook_secret, doc.request_id, model, await renderDocument(model, 'pdf', t));
        }
        const deliveredAt = await repo.markDelivered(documentId, la.delivery_channel, at, { ...detail, approvedBy: recorded?.actorId ?? null }, model);
        log.info('document delivered', { documentId, channel: la.delivery_channel });
        return { status: 'delivered', channel: la.delivery_channel, deliveredAt: deliveredAt.toISOString() };
      } catch (err) {
        await repo.countAttempt(documentId, (err as Error).message ?? 'unknown');
        log.warn('document delivery failed', { documentId, channel: la.delivery_channel, reason: (err as Error).message });
        throw err;
      }
    },

    async recordManualDelivery(documentId, recorded) {
      const doc = await repo.find(documentId);
      if (!doc) throw permanent(`document ${documentId} was never issued`);
      const at = new Date();
      const deliveredAt = await repo.markDelivered(documentId, 'manual', at, { ...recorded }, withDateReturned(doc.model, at));
      return { status: 'delivered', channel: 'manual', deliveredAt: deliveredAt.toISOString() };
    },
  };
}
