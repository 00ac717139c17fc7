import { z } from 'zod';
import { ROLES } from '../roles';
import { instant } from './common.contract';

/** Password length bounds (NCSC: long rather than complex); the rest of the policy is server-side. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const secret = (name: string, max: number) =>
  z.string({ error: `${name} must be a string` }).min(1, `${name} must not be empty`).max(max, `${name} must be at most ${max} characters`);

export const signInBody = z.strictObject({
  email: z.string({ error: 'email must be a string' }).min(1, 'email must not be empty').max(320, 'email must be at most 320 characters')
    .meta({ example: 'coordinator@demo.sendflow.nhs.uk' }),
  password: secret('password', 1024).meta({ format: 'password' }),
});
export type SignInBody = z.infer<typeof signInBody>;

export const changePasswordBody = z.strictObject({
  currentPassword: secret('currentPassword', 1024).meta({ format: 'password' }),
  newPassword: z.string({ error: 'newPassword must be a string' })
    .max(PASSWORD_MAX_LENGTH, `newPassword must be at most ${PASSWORD_MAX_LENGTH} characters`)
    .meta({ format: 'password', description: `At least ${PASSWORD_MIN_LENGTH} characters; not your email, not the current password` }),
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const changePasswordResponse = z.object({
  otherSessionsEnded: z.int().describe('Sessions of this account on other devices that were signed out'),
});

export const signInOptionsResponse = z.object({
  password: z.boolean().describe('Password sign-in is offered'),
  oidc: z.boolean().describe("Sign-in through the organisation's identity provider is configured"),
});
export type SignInOptions = z.infer<typeof signInOptionsResponse>;

export const sessionResponse = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    services: z.array(z.string()).describe('Service codes whose work the user sees'),
  }),
  method: z.enum(['password', 'oidc']),
  csrfToken: z.string().describe('Send as the x-csrf-token header on every POST, PUT, PATCH and DELETE'),
  expiresAt: instant.describe('When the session ends at the latest'),
  idleTimeoutSeconds: z.int().describe('The session ends after this long without a call'),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
