import { z } from 'zod';

/**
 * HTTP contracts for task routes. The API validates with these (nestjs-zod), the OpenAPI
 * document is generated from them, and the web app's forms use the same schemas.
 */
export const assignTaskBody = z.strictObject({
  assigneeId: z.uuid({ message: 'assigneeId must be a user id (uuid) or null' }).nullable()
    .describe('The user to give the task to; null returns it to the service queue'),
});
export type AssignTaskBody = z.infer<typeof assignTaskBody>;
