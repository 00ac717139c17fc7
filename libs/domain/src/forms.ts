import { z } from 'zod';
import { SERVICE_CODE_PATTERN } from './services';

/**
 * Forms a human task can carry. Each is a zod schema per outcome, shared by the API (400 with the
 * field named), the workflow's Update validator (rejected before it enters history) and the web
 * forms. Keys are what SOP nodes reference in `form`.
 */
const text = (max = 4000) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const triageForm = z.object({
  complete: z.boolean(),
  knownServices: z.array(z.string().regex(SERVICE_CODE_PATTERN)).max(20).default([]),
  notes: z.string().max(4000).optional(),
});

export const notKnownForm = z.object({
  reason: text(2000),
  signpost: text(500),
  notes: z.string().max(4000).optional(),
});

export const allocationForm = z.object({
  services: z.array(z.string().regex(SERVICE_CODE_PATTERN, 'must be a service code')).min(1).max(20)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a service'),
  notes: z.string().max(4000).optional(),
});

/** The trust's pro forma (domain.md, "The pro forma"). Sections 1-2 come from the request and the author. */
export const proFormaForm = z.object({
  author: z.object({ name: text(200), role: text(200), registration: z.string().max(100).optional() }),
  sourcesOfInformation: z.array(z.object({ source: text(500), date: isoDate })).min(1),
  healthNeeds: text(),
  impactOnDailyLife: text(),
  strengths: text(),
  outcomesSought: text(),
  provision: z.array(z.object({ what: text(1000), who: text(500), frequency: text(200), review: text(500) })).min(1),
  preparingForAdulthood: z.string().max(4000).optional(),
  views: text(),
});

/** The outcome a service (or triage) takes when the child is not known to it. */
export const NOT_KNOWN_OUTCOME = 'not_known';

/** The pro forma's sections a reviewer can comment on (and submit lists when missing). */
export const PRO_FORMA_SECTIONS = Object.keys(proFormaForm.shape) as (keyof typeof proFormaForm.shape)[];
export type ProFormaSection = (typeof PRO_FORMA_SECTIONS)[number];

/**
 * A service's answer that the child is not known to it (instead of drafting advice): why, when it
 * was checked, and where the LA should look instead. Its branch ends; compile carries the answer.
 */
export const notKnownToServiceForm = z.object({
  reason: text(2000),
  date: isoDate,
  signpost: text(500),
  notes: z.string().max(4000).optional(),
});

export const DEFAULT_AUDIT_CRITERIA = [
  { id: 'jargon_free', text: 'Free from jargon, or jargon explained' },
  { id: 'daily_life', text: 'Explains clearly the implications of health needs for daily life' },
  { id: 'sources_dated', text: 'Contains the source and date of observations' },
  { id: 'within_boundaries', text: 'Recommendations within professional boundaries' },
  { id: 'sections_complete', text: 'All sections of the pro forma complete' },
  { id: 'provision_quantified', text: 'Provision specific and quantified' },
  { id: 'outcomes_separate', text: 'Outcomes kept separate from provision' },
] as const;
export type AuditCriterionId = (typeof DEFAULT_AUDIT_CRITERIA)[number]['id'];

/** One criterion's verdict; a fail must say why, so the author can act on it. */
const criterionVerdict = z.object({
  result: z.enum(['pass', 'fail'], { error: 'must be pass or fail' }),
  comment: z.string().trim().max(2000).optional(),
}).superRefine((v, ctx) => {
  if (v.result === 'fail' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a failed criterion needs a comment' });
});

/** Every audit criterion must be recorded: a missing one is named (`data.criteria.jargon_free`). */
const criteriaVerdicts = z.strictObject(
  Object.fromEntries(DEFAULT_AUDIT_CRITERIA.map((c) => [c.id, criterionVerdict.optional()])) as Record<AuditCriterionId, z.ZodOptional<typeof criterionVerdict>>,
).superRefine((v, ctx) => {
  for (const c of DEFAULT_AUDIT_CRITERIA) {
    if (!v[c.id]) ctx.addIssue({ code: 'custom', path: [c.id], message: `record "${c.text}" as pass or fail` });
  }
});

const reviewFields = {
  criteria: criteriaVerdicts,
  /** Comments about one section of the pro forma, shown to the author beside that section. */
  sectionComments: z.partialRecord(z.enum(PRO_FORMA_SECTIONS as [ProFormaSection, ...ProFormaSection[]]), text(2000)).optional(),
  comments: z.string().trim().max(4000).optional(),
  /** Approving despite a failed criterion: why, recorded for the audit cycle. */
  overrideReason: z.string().trim().max(2000).optional(),
};

/** Approving: every criterion recorded; any fail needs an override reason. */
export const qaReviewForm = z.object(reviewFields).superRefine((v, ctx) => {
  const failed = Object.entries(v.criteria ?? {}).filter(([, c]) => c?.result === 'fail').map(([id]) => id);
  if (failed.length && !v.overrideReason) {
    ctx.addIssue({ code: 'custom', path: ['overrideReason'], message: `approving with a failed criterion (${failed.join(', ')}) needs an override reason` });
  }
});
/** Sending a draft back: every criterion recorded, and comments the author can act on. */
export const qaReworkForm = z.object({ ...reviewFields, comments: text() });
export type QaReview = z.infer<typeof qaReworkForm> | z.infer<typeof qaReviewForm>;

export const returnForm = z.object({
  method: z.enum(['email', 'portal', 'post']),
  sentTo: text(320),
  notes: z.string().max(4000).optional(),
});

const empty = z.object({}).strict();

/** After delivery to the LA failed: try again (optionally with a note), or record it was sent another way. */
export const deliveryRetryForm = z.object({ notes: z.string().max(4000).optional() });

export const FORMS = {
  triage: { title: 'Triage', byOutcome: { default: triageForm, not_known: notKnownForm } },
  allocation: { title: 'Allocation to services', byOutcome: { default: allocationForm } },
  pro_forma: { title: 'Health advice (pro forma)', byOutcome: { default: proFormaForm, not_known: notKnownToServiceForm } },
  qa_review: { title: 'Quality review', byOutcome: { default: qaReviewForm, rework: qaReworkForm } },
  return_to_la: { title: 'Return to the local authority', byOutcome: { default: returnForm } },
  sign_off: { title: 'Sign-off', byOutcome: { default: z.object({ comments: z.string().max(4000).optional() }) } },
  acknowledge: { title: 'Acknowledge', byOutcome: { default: empty } },
  delivery_failed: { title: 'Delivery to the local authority failed', byOutcome: { default: deliveryRetryForm, recorded: returnForm } },
} as const satisfies Record<string, { title: string; byOutcome: { default: z.ZodType } & Record<string, z.ZodType> }>;

export type FormId = keyof typeof FORMS;
export const FORM_IDS = Object.keys(FORMS) as FormId[];

export interface FieldIssue { field: string; message: string }

/** A missing section says so in words, so submit can list each one ("healthNeeds: is required"). */
function describeIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type' && /received undefined$/.test(i.message)) return 'is required';
  return i.message;
}

/** Validates a task's data for the chosen outcome; issues name the field (`data.author.name`). */
export function validateFormData(form: FormId, outcome: string, data: unknown): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  const def = FORMS[form];
  const schema = ((def.byOutcome as Record<string, z.ZodType>)[outcome] ?? def.byOutcome.default) as z.ZodType;
  const parsed = schema.safeParse(data ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ field: ['data', ...i.path.map(String)].join('.'), message: describeIssue(i) })),
  };
}
