import { notKnownForm, proFormaForm } from './forms';

/**
 * The one content model behind every format of what the trust sends the LA: the compiled health
 * advice and the "not known to health services" letter. Renderers (HTML, PDF, DOCX, JSON) only
 * lay this out; what the document says is decided here, by pure functions with their own specs.
 */
export const ADVICE_DOCUMENT_KINDS = ['advice', 'not_known_letter'] as const;
export type AdviceDocumentKind = (typeof ADVICE_DOCUMENT_KINDS)[number];
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'json', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export interface TrustDetails {
  name: string;
  /** Postal address, one line per entry. */
  address: string[];
}

export interface DocumentCover {
  childName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  localAuthority: { code: string; name: string };
  laReference: string;
  /** The day the LA's request arrived (YYYY-MM-DD). */
  dateRequested: string;
  statutoryDueDate: string;
  /** The day delivery succeeded; null until then (the preview says "on delivery"). */
  dateReturned: string | null;
  trust: TrustDetails;
}

export interface ServiceSection {
  serviceCode: string;
  serviceName: string;
  author: { name: string; role: string; registration: string | null };
  sources: { source: string; date: string }[];
  healthNeeds: string;
  impactOnDailyLife: string;
  strengths: string;
  outcomesSought: string;
  provision: { what: string; who: string; frequency: string; review: string }[];
  preparingForAdulthood: string | null;
  views: string;
}

export interface NotKnownService { serviceCode: string; serviceName: string; reason: string; signpost: string }

/** Arranged as the EHC plan uses it, so the caseworker can lift each line into the plan. */
export interface EhcpSummary {
  /** Section C: health needs. */
  sectionC: { serviceName: string; need: string; impact: string }[];
  /** Section G: health provision. */
  sectionG: { serviceName: string; what: string; who: string; frequency: string; review: string }[];
}

interface DocumentBase {
  documentId: string;
  version: number;
  title: string;
  language: 'en-GB';
  cover: DocumentCover;
  /** Why this version replaces an earlier one (corrections after return). */
  correctionReason: string | null;
}

export interface AdviceDocument extends DocumentBase {
  kind: 'advice';
  services: ServiceSection[];
  notKnown: NotKnownService[];
  summary: EhcpSummary;
}

export interface NotKnownLetter extends DocumentBase {
  kind: 'not_known_letter';
  reason: string;
  signpost: string;
  /** The day the trust decided the child is not known (YYYY-MM-DD). */
  decidedOn: string;
}

export type SendflowDocument = AdviceDocument | NotKnownLetter;

export interface CoverFacts {
  childGivenName: string;
  childFamilyName: string;
  childDateOfBirth: string;
  nhsNumber: string | null;
  localAuthority: { code: string; name: string };
  laReference: string;
  dateRequested: string;
  statutoryDueDate: string;
  dateReturned: string | null;
  trust: TrustDetails;
}

/** What the workflow compiled: each allocated service's approved pro forma (or its not-known answer). */
export interface Contribution { serviceCode: string; taskId?: string; data: unknown }

export interface AdviceInput {
  documentId: string;
  version: number;
  correctionReason?: string | null;
  cover: CoverFacts;
  contributions: Contribution[];
  /** Service code to display name; unknown codes show as the code. */
  serviceNames: Record<string, string>;
}

const cover = (c: CoverFacts): DocumentCover => ({
  childName: `${c.childGivenName} ${c.childFamilyName}`.trim(),
  dateOfBirth: c.childDateOfBirth,
  nhsNumber: c.nhsNumber,
  localAuthority: c.localAuthority,
  laReference: c.laReference,
  dateRequested: c.dateRequested,
  statutoryDueDate: c.statutoryDueDate,
  dateReturned: c.dateReturned,
  trust: c.trust,
});

/**
 * Builds the compiled advice. A contribution that is a valid pro forma becomes a service section;
 * one that is a valid not-known answer (reason and signpost) is listed as such; anything else was
 * never approved through the forms and is left out rather than guessed at.
 */
export function buildAdviceDocument(input: AdviceInput): AdviceDocument {
  const name = (code: string) => input.serviceNames[code] ?? code;
  const services: ServiceSection[] = [];
  const notKnown: NotKnownService[] = [];
  for (const c of input.contributions) {
    const pf = proFormaForm().safeParse(c.data);
    if (pf.success) {
      const d = pf.data;
      services.push({
        serviceCode: c.serviceCode, serviceName: name(c.serviceCode),
        author: { name: d.author.name, role: d.author.role, registration: d.author.registration?.trim() || null },
        sources: d.sourcesOfInformation.map((s) => ({ source: s.source, date: s.date })),
        healthNeeds: d.healthNeeds, impactOnDailyLife: d.impactOnDailyLife, strengths: d.strengths, outcomesSought: d.outcomesSought,
        provision: d.provision.map((p) => ({ what: p.what, who: p.who, frequency: p.frequency, review: p.review })),
        preparingForAdulthood: d.preparingForAdulthood?.trim() || null,
        views: d.views,
      });
      continue;
    }
    const nk = notKnownForm().safeParse(c.data);
    if (nk.success) notKnown.push({ serviceCode: c.serviceCode, serviceName: name(c.serviceCode), reason: nk.data.reason, signpost: nk.data.signpost });
  }
  return {
    kind: 'advice',
    documentId: input.documentId,
    version: input.version,
    title: `Health advice for an EHC needs assessment (LA reference ${input.cover.laReference})`,
    language: 'en-GB',
    cover: cover(input.cover),
    correctionReason: input.correctionReason ?? null,
    services,
    notKnown,
    summary: ehcpSummary(services),
  };
}

/** Section C lines (need and its impact) and section G lines (provision), each naming its service. */
export function ehcpSummary(services: ServiceSection[]): EhcpSummary {
  return {
    sectionC: services.map((s) => ({ serviceName: s.serviceName, need: s.healthNeeds, impact: s.impactOnDailyLife })),
    sectionG: services.flatMap((s) => s.provision.map((p) => ({ serviceName: s.serviceName, ...p }))),
  };
}

export interface NotKnownInput {
  documentId: string;
  version: number;
  correctionReason?: string | null;
  cover: CoverFacts;
  /** The triage answer: reason and signpost (notKnownForm()). */
  details: unknown;
  decidedOn: string;
}

export function buildNotKnownLetter(input: NotKnownInput): NotKnownLetter {
  const parsed = notKnownForm().safeParse(input.details);
  const details = parsed.success ? parsed.data : { reason: 'Not known to the trust\'s health services', signpost: 'None given' };
  return {
    kind: 'not_known_letter',
    documentId: input.documentId,
    version: input.version,
    title: `Response to a request for health advice: not known to health services (LA reference ${input.cover.laReference})`,
    language: 'en-GB',
    cover: cover(input.cover),
    correctionReason: input.correctionReason ?? null,
    reason: details.reason,
    signpost: details.signpost,
    decidedOn: input.decidedOn,
  };
}

/** The date with the day spelled out, as a letter shows it ("2 March 2026"); dates are YYYY-MM-DD. */
export function formatDocumentDate(date: string | null, missing = 'on delivery'): string {
  if (!date) return missing;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

/** The NHS number as it is printed (3 3 4). */
export function formatNhsNumber(n: string | null): string {
  return n && /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : (n ?? 'Not given');
}

/**
 * The document as ordered blocks: headings, paragraphs, label/value rows and tables. Every
 * renderer walks this one outline, so HTML, PDF and DOCX cannot drift apart in what they say.
 */
export type OutlineBlock =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: [string, string][] }
  | { type: 'table'; header: string[]; rows: string[][] };

export function documentOutline(doc: SendflowDocument): OutlineBlock[] {
  const c = doc.cover;
  const blocks: OutlineBlock[] = [
    { type: 'heading', level: 1, text: doc.kind === 'advice' ? 'Health advice for an Education, Health and Care needs assessment' : 'Response to a request for health advice' },
    { type: 'paragraph', text: `From ${c.trust.name}${c.trust.address.length ? `, ${c.trust.address.join(', ')}` : ''}` },
    {
      type: 'fields', rows: [
        ['Child', c.childName], ['Date of birth', formatDocumentDate(c.dateOfBirth)], ['NHS number', formatNhsNumber(c.nhsNumber)],
        ['Local authority', c.localAuthority.name], ['LA reference', c.laReference], ['Date requested', formatDocumentDate(c.dateRequested)],
        ['Statutory due date', formatDocumentDate(c.statutoryDueDate)], ['Date returned', formatDocumentDate(c.dateReturned)],
        ['Document version', String(doc.version)],
      ],
    },
  ];
  if (doc.correctionReason) blocks.push({ type: 'paragraph', text: `This version corrects an earlier one: ${doc.correctionReason}` });
  if (doc.kind === 'not_known_letter') {
    blocks.push(
      { type: 'heading', level: 2, text: 'Not known to health services' },
      { type: 'paragraph', text: `On ${formatDocumentDate(doc.decidedOn)} the trust found that this child is not known to its health services, so it cannot give health advice for this assessment.` },
      { type: 'fields', rows: [['Reason', doc.reason], ['Where to ask instead', doc.signpost]] },
    );
    return blocks;
  }
  blocks.push({ type: 'heading', level: 2, text: 'Summary for the EHC plan' });
  blocks.push({ type: 'heading', level: 3, text: 'Section C: health needs' });
  blocks.push(doc.summary.sectionC.length
    ? { type: 'table', header: ['Service', 'Health need', 'How it affects daily life and learning'], rows: doc.summary.sectionC.map((l) => [l.serviceName, l.need, l.impact]) }
    : { type: 'paragraph', text: 'No service identified health needs.' });
  blocks.push({ type: 'heading', level: 3, text: 'Section G: health provision' });
  blocks.push(doc.summary.sectionG.length
    ? { type: 'table', header: ['Service', 'Provision', 'Who', 'How often', 'How reviewed'], rows: doc.summary.sectionG.map((l) => [l.serviceName, l.what, l.who, l.frequency, l.review]) }
    : { type: 'paragraph', text: 'No health provision recommended.' });
  for (const s of doc.services) {
    blocks.push(
      { type: 'heading', level: 2, text: s.serviceName },
      { type: 'fields', rows: [['Author', s.author.name], ['Role', s.author.role], ['Professional registration', s.author.registration ?? 'Not given']] },
      { type: 'heading', level: 3, text: 'Sources of information' },
      { type: 'table', header: ['Source', 'Date'], rows: s.sources.map((x) => [x.source, formatDocumentDate(x.date)]) },
      { type: 'heading', level: 3, text: 'Health needs' }, { type: 'paragraph', text: s.healthNeeds },
      { type: 'heading', level: 3, text: 'How they affect daily life and learning' }, { type: 'paragraph', text: s.impactOnDailyLife },
      { type: 'heading', level: 3, text: 'Strengths' }, { type: 'paragraph', text: s.strengths },
      { type: 'heading', level: 3, text: 'Outcomes sought' }, { type: 'paragraph', text: s.outcomesSought },
      { type: 'heading', level: 3, text: 'Provision' },
      { type: 'table', header: ['What', 'Who', 'How often', 'How reviewed'], rows: s.provision.map((p) => [p.what, p.who, p.frequency, p.review]) },
    );
    if (s.preparingForAdulthood) blocks.push({ type: 'heading', level: 3, text: 'Preparing for adulthood' }, { type: 'paragraph', text: s.preparingForAdulthood });
    blocks.push({ type: 'heading', level: 3, text: "The child's and family's views" }, { type: 'paragraph', text: s.views });
  }
  if (doc.notKnown.length) {
    blocks.push({ type: 'heading', level: 2, text: 'Services that do not know the child' });
    blocks.push({ type: 'table', header: ['Service', 'Reason', 'Where to ask instead'], rows: doc.notKnown.map((n) => [n.serviceName, n.reason, n.signpost]) });
  }
  return blocks;
}
