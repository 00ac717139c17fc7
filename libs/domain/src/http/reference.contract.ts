import { z } from 'zod';
import { ROLES } from '../roles';

/** Reference data every signed-in screen needs, the staff directory, and the health check. */

export const serviceResponse = z.object({ code: z.string(), name: z.string(), active: z.boolean() });
export const localAuthorityResponse = z.object({ code: z.string(), name: z.string() });

export const formsResponse = z.object({
  forms: z.array(z.object({ id: z.string(), title: z.string() })),
  auditCriteria: z.array(z.object({ id: z.string(), text: z.string() })),
});

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
  status: z.literal('ok'),
  database: z.literal('up'),
  temporal: z.literal('up'),
  stuckActivities: z.object({
    nonRetryable: z.number().int().describe('projection writes refused for their data (not retried)'),
    retrying: z.number().int().describe('projection writes still failing after several attempts, last failure in the past 10 minutes'),
  }).nullable().describe('open activity incidents; null when they could not be counted'),
});
