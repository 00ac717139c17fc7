import type { z } from 'zod';
import { formDefinition, type FormBundle, type FormDefinition, type FormDefinitionInput, type FormField, variantFields, variantFor } from './form-definition';
import { formSchema, validateWithDefinition, type FieldIssue } from './form-schema';

/**
 * The forms SENDflow ships with, as data (form-definition.ts): seeded as version 1 of each form,
 * and the bundle a request runs with when its SOP version pinned no forms of its own (every
 * request started before forms were data). Keys are what SOP nodes reference in `form`.
 */

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

/** The outcome a service (or triage) takes when the child is not known to it. */
export const NOT_KNOWN_OUTCOME = 'not_known';

const notes: FormField = { id: 'notes', kind: 'longText', label: 'Notes', required: false, maxLength: 4000 };
const longText = (id: string, label: string, hint?: string): FormField => ({ id, kind: 'longText', label, hint, required: true, maxLength: 4000 });

/** The trust's pro forma (domain.md, "The pro forma"). Sections 1-2 come from the request and the author. */
const proFormaFields: FormField[] = [
  {
    id: 'author', kind: 'group', label: 'About the author', required: true,
    fields: [
      { id: 'name', kind: 'text', label: 'Name', required: true, maxLength: 200 },
      { id: 'role', kind: 'text', label: 'Role', required: true, maxLength: 200 },
      { id: 'registration', kind: 'text', label: 'Professional registration', hint: 'For example HCPC SL12345', required: false, maxLength: 100 },
    ],
  },
  {
    id: 'sourcesOfInformation', kind: 'group', label: 'Sources of information', required: true,
    hint: 'Each assessment, observation or report you drew on, with its date.', repeat: { min: 1, max: 50 },
    fields: [
      { id: 'source', kind: 'text', label: 'Source', required: true, maxLength: 500 },
      { id: 'date', kind: 'date', label: 'Date', required: true },
    ],
  },
  longText('healthNeeds', 'Health needs', 'Diagnoses and needs, in plain words.'),
  longText('impactOnDailyLife', 'How they affect daily life and learning'),
  longText('strengths', 'Strengths'),
  longText('outcomesSought', 'Outcomes sought', 'What the child or young person should be able to do; keep these separate from provision.'),
  {
    id: 'provision', kind: 'group', label: 'Provision', required: true,
    hint: 'What, who, how often, and how it is reviewed: specific and quantified.', repeat: { min: 1, max: 50 },
    fields: [
      { id: 'what', kind: 'text', label: 'What', required: true, maxLength: 1000 },
      { id: 'who', kind: 'text', label: 'Who', required: true, maxLength: 500 },
      { id: 'frequency', kind: 'text', label: 'How often', required: true, maxLength: 200 },
      { id: 'review', kind: 'text', label: 'How reviewed', required: true, maxLength: 500 },
    ],
  },
  { id: 'preparingForAdulthood', kind: 'longText', label: 'Preparing for adulthood', hint: 'From year 9 onwards.', required: false, maxLength: 4000 },
  longText('views', 'The views of the child or young person and their family'),
];

/** A not-known answer: why, and where the LA should ask instead (triage, for the whole request). */
const notKnownFields: FormField[] = [
  { id: 'reason', kind: 'longText', label: 'Reason', required: true, maxLength: 2000 },
  { id: 'signpost', kind: 'text', label: 'Where the LA should ask instead', required: true, maxLength: 500 },
  notes,
];

const reviewFields = (commentsRequired: boolean): FormField[] => [
  { id: 'criteria', kind: 'criteria', label: 'Audit checklist', required: true },
  { id: 'sectionComments', kind: 'sectionComments', label: 'Comments on sections', ofForm: 'pro_forma', required: false, maxLength: 2000 },
  { id: 'comments', kind: 'longText', label: 'Comments', required: commentsRequired, maxLength: 4000, hint: commentsRequired ? 'What the author needs to change.' : undefined },
  { id: 'overrideReason', kind: 'longText', label: 'Why approve despite a failed criterion', required: false, maxLength: 2000 },
];

const returnFields: FormField[] = [
  { id: 'method', kind: 'choice', label: 'Sent by', required: true, options: [{ value: 'email', label: 'Email' }, { value: 'portal', label: 'The LA\'s portal' }, { value: 'post', label: 'Post' }], multiple: false },
  { id: 'sentTo', kind: 'text', label: 'Sent to', required: true, maxLength: 320 },
  notes,
];

const one = (fields: FormField[]) => [{ fields }];

const SHIPPED_FORM_INPUTS: FormDefinitionInput[] = [
  {
    key: 'triage', title: 'Triage',
    variants: [
      {
        outcome: 'default',
        sections: one([
          { id: 'complete', kind: 'yesNo', label: 'Is the request complete?', required: true },
          { id: 'knownServices', kind: 'services', label: 'Services that know the child', hint: 'Allocation starts from these.', required: false },
          notes,
        ]),
      },
      { outcome: NOT_KNOWN_OUTCOME, sections: one(notKnownFields) },
    ],
  },
  {
    key: 'allocation', title: 'Allocation to services',
    variants: [{ outcome: 'default', sections: one([{ id: 'services', kind: 'services', label: 'Services to allocate', required: true, prefillFrom: 'triage.knownServices' }, notes]) }],
  },
  {
    key: 'pro_forma', title: 'Health advice (pro forma)',
    variants: [
      { outcome: 'default', sections: one(proFormaFields) },
      {
        outcome: NOT_KNOWN_OUTCOME,
        sections: one([
          { id: 'reason', kind: 'longText', label: 'Reason', required: true, maxLength: 2000 },
          { id: 'date', kind: 'date', label: 'Date checked', required: true },
          { id: 'signpost', kind: 'text', label: 'Where the LA should ask instead', required: true, maxLength: 500 },
          notes,
        ]),
      },
    ],
  },
  {
    key: 'qa_review', title: 'Quality review',
    variants: [
      {
        outcome: 'default',
        sections: one(reviewFields(false)),
        rules: [{ kind: 'requiredWhen', field: 'overrideReason', when: { anyFailIn: 'criteria' }, message: 'approving with a failed criterion ({failed}) needs an override reason' }],
      },
      { outcome: 'rework', sections: one(reviewFields(true)) },
    ],
  },
  { key: 'return_to_la', title: 'Return to the local authority', variants: [{ outcome: 'default', sections: one(returnFields) }] },
  { key: 'sign_off', title: 'Sign-off', variants: [{ outcome: 'default', sections: one([{ id: 'comments', kind: 'longText', label: 'Comments', required: false, maxLength: 4000 }]) }] },
  { key: 'acknowledge', title: 'Acknowledge', variants: [{ outcome: 'default', sections: [], strict: true }] },
  {
    key: 'delivery_failed', title: 'Delivery to the local authority failed',
    // Try again (optionally with a note), or record it was sent another way.
    variants: [{ outcome: 'default', sections: one([notes]) }, { outcome: 'recorded', sections: one(returnFields) }],
  },
];

export const SHIPPED_FORMS: Record<string, FormDefinition> = Object.fromEntries(
  SHIPPED_FORM_INPUTS.map((f) => [f.key, formDefinition.parse(f)]),
);

/** The bundle of every request whose SOP version pinned none: the shipped forms and criteria version 1. */
export const SHIPPED_BUNDLE: FormBundle = {
  forms: SHIPPED_FORMS,
  criteria: { version: 1, items: DEFAULT_AUDIT_CRITERIA.map((c) => ({ ...c, active: true })) },
};

/** Titles of the shipped forms by key (the designer's choices until published forms are loaded). */
export const FORMS: Record<string, { title: string }> = SHIPPED_FORMS;
export type FormId = string;
export const FORM_IDS = Object.keys(SHIPPED_FORMS);

/** The pro forma's sections a reviewer can comment on (and submit lists when missing). */
export const PRO_FORMA_SECTIONS = variantFields(variantFor(SHIPPED_FORMS.pro_forma, 'default')).map((f) => f.id);
export type ProFormaSection = string;

export interface ProFormaAnswer {
  author: { name: string; role: string; registration?: string };
  sourcesOfInformation: { source: string; date: string }[];
  healthNeeds: string; impactOnDailyLife: string; strengths: string; outcomesSought: string;
  provision: { what: string; who: string; frequency: string; review: string }[];
  preparingForAdulthood?: string;
  views: string;
}
export interface NotKnownAnswer { reason: string; signpost: string; date?: string; notes?: string }
export interface QaReview {
  criteria?: Record<string, { result: 'pass' | 'fail'; comment?: string } | undefined>;
  sectionComments?: Record<string, string>;
  comments?: string;
  overrideReason?: string;
}

/**
 * The shipped pro forma's schema: the advice document reads approved drafts through it. Functions,
 * not schemas built at load: the worker shares this module between workflows and the SDK freezes
 * what it exports, which a zod schema does not survive (form-schema.ts, the memo).
 */
export const proFormaForm = () => formSchema(SHIPPED_FORMS.pro_forma, 'default', SHIPPED_BUNDLE) as z.ZodType<ProFormaAnswer>;
/** Reason and signpost: triage's (and a service's) answer that the child is not known. */
export const notKnownForm = () => formSchema(SHIPPED_FORMS.triage, NOT_KNOWN_OUTCOME, SHIPPED_BUNDLE) as z.ZodType<NotKnownAnswer>;

/**
 * Validates a task's data for the chosen outcome against the form in the request's bundle (the
 * shipped one when none was pinned); issues name the field (`data.author.name`). A form the
 * bundle does not hold cannot be validated and says so on `form`.
 */
export function validateFormData(form: string, outcome: string, data: unknown, bundle: FormBundle = SHIPPED_BUNDLE): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  const def = bundle.forms[form] ?? SHIPPED_FORMS[form];
  if (!def) return { ok: false, issues: [{ field: 'form', message: `form "${form}" is not published` }] };
  return validateWithDefinition(def, outcome, data, bundle);
}

/** The top-level fields any outcome of a form accepts: what a draft of it may hold. */
export function formFieldIds(def: FormDefinition): Set<string> {
  return new Set(def.variants.flatMap((v) => variantFields(v).map((f) => f.id)));
}
