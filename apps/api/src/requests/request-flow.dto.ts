import { createZodDto } from 'nestjs-zod';
import { requestFlowResponse } from '@sendflow/domain';

export class RequestFlowResponseDto extends createZodDto(requestFlowResponse) {}
