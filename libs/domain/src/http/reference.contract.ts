import { z } from 'zod';
import { ROLES } from '../roles';

/** Reference data every signed-in screen needs, the staff directory, and the health check. */

export const serviceResponse = z.object({ code: z.string(), name: z.string(), active: z.boolean() });
export const localAuthorityResponse = z.object({ code: z.string(), name: z.string() });

export const formsResponse = z.object({
  forms: z.array(z.object({ id: z.string(), title: z.string() })),
  auditCriteria: z.array(z.object({ id: z.string(), text: z.string() })),
});

/** The trust's settings screens need: the caseload's red/amber/green thresholds (RAG_RED_DAYS, RAG_AMBER_DAYS). */
export const settingsResponse = z.object({
  ragThresholds: z.object({
    redDays: z.number().int().describe('Red at this many calendar days left or fewer (and when overdue)'),
    amberDays: z.number().int().describe('Amber at this many days left or fewer (or with a task past its target)'),
  }),
});
export type SettingsResponse = z.infer<typeof settingsResponse>;

/** A step a request can wait at (the caseload's stage filter): the human-task steps of the published SOP versions. */
export const caseloadStageResponse = z.object({
  stage: z.string().describe('The node path tasks carry, e.g. triage or services/draft: the caseload\'s stage parameter'),
  label: z.string().describe('The step\'s label in the most recently published version that has it'),
  sopKeys: z.array(z.string()).describe('The SOPs whose published versions have the step'),
});
export type CaseloadStage = z.infer<typeof caseloadStageResponse>;

/** The signed-in user as the API sees them. */
export const actorResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  services: z.array(z.string()),
});

export const demoUserResponse = z.object({
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  serviceCodes: z.array(z.string()),
});

export const staffByRoleQuery = z.strictObject({
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }).meta({ example: 'qa_reviewer' }),
});
export type StaffByRoleQuery = z.infer<typeof staffByRoleQuery>;

export const staffMemberResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
});
export type StaffMember = z.infer<typeof staffMemberResponse>;

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded: the core is up but a part only some routes need is down (documentStore)'),
  database: z.literal('up'),
  temporal: z.literal('up'),
  documentStore: z.enum(['up', 'down']).optional().describe('the S3 document store, probed only when S3_BUCKET is set; down answers 200 degraded, not 503'),
  stuckActivities: z.object({
    nonRetryable: z.number().int().describe('projection writes refused for their data (not retried)'),
    retrying: z.number().int().describe('projection writes still failing after several attempts, last failure in the past 10 minutes'),
  }).nullable().describe('open activity incidents; null when they could not be counted'),
});
