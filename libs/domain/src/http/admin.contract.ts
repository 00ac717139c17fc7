import { z } from 'zod';
import { ROLES } from '../roles';
import { SERVICE_CODE_PATTERN } from '../services';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth.contract';
import { emailField, instant, text, unique } from './common.contract';

/** Contracts of the admin routes: users, services and local authorities. */

const SERVICE_CODE_MESSAGE = 'must be a service code such as SLT';

/** Roles and services are validated the same way on create and update. */
const roles = z.array(z.enum(ROLES, { error: `roles must each be one of ${ROLES.join(', ')}` }), { error: 'roles must be an array of role names' })
  .min(1, 'roles must name at least one role').refine(unique, 'roles must not repeat a role');
const serviceCodes = z.array(
  z.string({ error: `serviceCodes must each be a service code such as SLT` }).regex(SERVICE_CODE_PATTERN, `serviceCodes must each be a service code such as SLT`),
  { error: 'serviceCodes must be an array of service codes' },
).max(20, 'serviceCodes must name at most 20 services').refine(unique, 'serviceCodes must not repeat a service');

export const createUserBody = z.strictObject({
  email: emailField('email').meta({ example: 'sam.speech@trust.nhs.uk' }),
  displayName: text('displayName', 160).meta({ example: 'Sam Speech' }),
  roles,
  serviceCodes: serviceCodes.optional().describe('Required for practitioners and service leads: the services whose work they see'),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

/** Every field may be left out; an explicit null is refused like any other wrong value. */
export const updateUserBody = z.strictObject({
  displayName: text('displayName', 160).optional(),
  roles: roles.optional(),
  serviceCodes: serviceCodes.optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const setPasswordBody = z.strictObject({
  password: z.string({ error: 'password must be a string' })
    .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`)
    .meta({ format: 'password', description: 'A new password for the user (same policy as password change); their sessions end' }),
});
export type SetPasswordBody = z.infer<typeof setPasswordBody>;

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  serviceCodes: z.array(z.string()),
  active: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
});
export type UserResponse = z.infer<typeof userResponse>;

export const setPasswordResponse = z.object({
  id: z.string(),
  passwordSet: z.boolean(),
  sessionsEnded: z.int().describe("The user's sessions that were ended"),
});

export const serviceCodeParams = z.object({
  code: z.string().regex(SERVICE_CODE_PATTERN, `code ${SERVICE_CODE_MESSAGE}`),
});

export const createServiceBody = z.strictObject({
  code: z.string({ error: `code ${SERVICE_CODE_MESSAGE}` })
    .regex(SERVICE_CODE_PATTERN, `code ${SERVICE_CODE_MESSAGE} (capitals, digits, _; 2 to 16)`)
    .meta({ example: 'DIET', description: 'Capitals, digits and _; 2 to 16 characters' }),
  name: text('name', 160).meta({ example: 'Dietetics' }),
});
export type CreateServiceBody = z.infer<typeof createServiceBody>;

export const updateServiceBody = z.strictObject({
  name: text('name', 160).optional(),
  active: z.boolean({ error: 'active must be true or false' }).optional()
    .describe('An inactive service takes no new allocations or members; running work carries on'),
});
export type UpdateServiceBody = z.infer<typeof updateServiceBody>;

export const adminServiceResponse = z.object({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  createdAt: instant,
});

/** GSS (ONS) codes: a country letter and eight digits, e.g. E06000023 for Bristol. */
export const GSS_CODE = /^[EWSN][0-9]{8}$/;

/** New LAs need a GSS code; the path accepts any LA code so rows from before that rule stay editable. */
export const localAuthorityCodeParams = z.object({
  code: z.string().regex(/^[A-Z][0-9A-Z]{2,15}$/, 'code must be a local authority code such as E06000023'),
});

const returnAddress = emailField('returnAddress');

export const createLocalAuthorityBody = z.strictObject({
  code: z.string({ error: 'code must be a GSS code such as E06000023' }).regex(GSS_CODE, 'code must be a GSS code such as E06000023')
    .meta({ example: 'E06000023', description: 'GSS code of the local authority' }),
  name: text('name', 160).meta({ example: 'Bristol, City of' }),
  returnAddress: returnAddress.nullish().meta({ example: 'send.team@bristol.gov.uk', description: 'Where compiled advice is sent' }),
});
export type CreateLocalAuthorityBody = z.infer<typeof createLocalAuthorityBody>;

export const updateLocalAuthorityBody = z.strictObject({
  name: text('name', 160).optional(),
  returnAddress: returnAddress.nullable().optional().describe('null clears it'),
});
export type UpdateLocalAuthorityBody = z.infer<typeof updateLocalAuthorityBody>;

export const adminLocalAuthorityResponse = z.object({
  code: z.string(),
  name: z.string(),
  returnAddress: z.string().nullable(),
  createdAt: instant,
});
