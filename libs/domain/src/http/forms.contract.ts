import { z } from 'zod';
import { auditCriterion, FORM_KEY, formDefinition } from '../form-definition';
import { uuidField } from './common.contract';

/**
 * Forms and audit criteria as versioned data (issue 12 §5-6): the same lifecycle as SOP versions
 * (draft -> published -> retired, one open draft per form), edited by SOP managers with a revision
 * check, read by every signed-in role once published.
 */
export const VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
const versionStatus = z.enum(VERSION_STATUSES);
const instant = z.string().describe('ISO 8601 instant');

/** A form definition as the designer sends it (defaults applied, whole-form rules checked). */
export const formDefinitionBody = formDefinition;

/** Who made, saved, published and retired a version, and when: the same for forms and criteria as for SOPs. */
const versionLifecycle = {
  createdBy: z.string().nullable(),
  createdAt: instant,
  updatedBy: z.string().nullable(),
  updatedAt: instant,
  publishedBy: z.string().nullable(),
  publishedAt: instant.nullable(),
  retiredAt: instant.nullable(),
};

export const formVersionResponse = z.object({
  id: z.string(),
  key: z.string(),
  version: z.int(),
  status: versionStatus,
  title: z.string(),
  revision: z.int().describe('Bumped by every save of the draft: send it as If-Match to save or publish'),
  derivedFromId: z.string().nullable(),
  ...versionLifecycle,
});
export type FormVersionResponse = z.infer<typeof formVersionResponse>;

export const formVersionDetailResponse = formVersionResponse.extend({ definition: formDefinition });
export type FormVersionDetailResponse = z.infer<typeof formVersionDetailResponse>;

/**
 * What the SOP designer's live validation checks tasks against: every form with a published
 * version, the outcomes its latest published version has own variants for, and forms that so far
 * exist only as a draft.
 */
export const formCatalogueResponse = z.object({
  forms: z.array(z.object({
    key: z.string(),
    title: z.string(),
    publishedVersion: z.int().nullable().describe('The latest published version; null while the form has only a draft'),
    variants: z.array(z.string()).describe('Outcomes of the latest published version with their own variant (besides default)'),
  })),
});
export type FormCatalogueResponse = z.infer<typeof formCatalogueResponse>;

export const formKeyParams = z.object({ key: FORM_KEY });

/** Criteria are edited as a whole list: order is the order shown to reviewers. */
export const auditCriteriaBody = z.strictObject({
  items: z.array(auditCriterion).min(1, 'items: needs at least one criterion').max(50, 'items: at most 50 criteria'),
}).superRefine((b, ctx) => {
  const ids = b.items.map((c) => c.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `items.${i}.id: "${id}" appears twice` });
  });
  if (!b.items.some((c) => c.active)) ctx.addIssue({ code: 'custom', path: ['items'], message: 'items: at least one criterion must be active' });
});
export type AuditCriteriaBody = z.infer<typeof auditCriteriaBody>;

export const auditCriteriaVersionResponse = z.object({
  version: z.int(),
  status: versionStatus,
  items: z.array(z.object({ id: z.string(), text: z.string(), active: z.boolean() })),
  revision: z.int().describe('Bumped by every save of the draft: send it as If-Match to save or publish'),
  derivedFrom: z.int().nullable(),
  ...versionLifecycle,
});
export type AuditCriteriaVersionResponse = z.infer<typeof auditCriteriaVersionResponse>;

export const auditCriteriaVersionParams = z.object({
  version: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v),
    z.int({ error: 'version must be a whole number' }).min(1, 'version must be at least 1'),
  ),
});

export const formVersionParams = z.object({ id: uuidField('id') });
