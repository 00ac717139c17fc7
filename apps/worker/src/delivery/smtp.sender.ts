import type { SendflowDocument } from '@sendflow/domain';
import type { RenderedDocument } from '@sendflow/documents';
import { permanent, smtpFailure } from './delivery-errors';
import { secureSubject, type MailSettings } from './mail-settings';

/**
 * Secure email to the LA with the PDF and DOCX attached. The Message-ID derives from the document
 * version id, so a resend after a crash carries the same id and the receiving system can drop
 * it. The subject carries the secure-mail marker and the LA's reference, never the child's name.
 */
export async function sendBySmtp(mail: MailSettings, to: string | null, doc: SendflowDocument, files: RenderedDocument[]): Promise<Record<string, unknown>> {
  if (!mail.transport) throw permanent('SMTP is not configured on the worker (SMTP_HOST)');
  if (!to) throw permanent('the local authority has no delivery email address');
  const what = doc.kind === 'advice' ? 'Health advice for an EHC needs assessment' : 'Health advice request: not known to health services';
  const messageId = `<${doc.documentId}@${mail.domain}>`;
  try {
    const info = await mail.transport.sendMail({
      from: mail.from,
      to,
      subject: secureSubject(mail, `${what}, LA reference ${doc.cover.laReference}, version ${doc.version}`),
      messageId,
      headers: { 'X-SENDflow-Document': doc.documentId, 'X-SENDflow-Version': String(doc.version) },
      text: [
        `${doc.cover.trust.name} sends the attached ${doc.kind === 'advice' ? 'health advice' : 'response'} for your reference ${doc.cover.laReference} (version ${doc.version}).`,
        doc.correctionReason ? `This version corrects an earlier one: ${doc.correctionReason}` : '',
        'The PDF is for the record; the Word document is for copying into the plan.',
      ].filter(Boolean).join('\n\n'),
      attachments: files.map((f) => ({ filename: f.fileName, content: f.body, contentType: f.contentType })),
    });
    return { to, messageId, response: String(info.response ?? '').slice(0, 200) };
  } catch (err) {
    throw smtpFailure(err);
  }
}
