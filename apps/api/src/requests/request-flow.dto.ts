import { createZodDto } from '../common/zod-dto';
import { requestFlowResponse } from '@sendflow/domain';

export class RequestFlowResponseDto extends createZodDto(requestFlowResponse) {}
