import { z } from 'zod';

/**
 * GET /api/requests/:id/flow: the SOP version a request is pinned to, so the request page can draw
 * the request on its flow. Readable by whoever may read the request (the SOP routes themselves are
 * for SOP managers and oversight roles). The definition's shape is libs/sop's `sopDefinitionSchema`
 * (libs/domain cannot import libs/sop, so it is described, not restated, here).
 */
export const requestFlowResponse = z.object({
  requestId: z.uuid(),
  sopVersionId: z.uuid(),
  sopKey: z.string(),
  version: z.number().int().positive(),
  status: z.enum(['draft', 'published', 'retired']),
  definition: z.record(z.string(), z.unknown()).describe('The pinned SOP definition (libs/sop sopDefinitionSchema)'),
});
export type RequestFlowResponse = z.infer<typeof requestFlowResponse>;
