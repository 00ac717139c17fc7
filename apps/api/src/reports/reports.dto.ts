import { createZodDto } from '../common/zod-dto';
import { periodQuery, pipelineQuery, pipelineResponse, serviceFlowQuery, serviceFlowResponse, timelinessQuery, timelinessResponse } from '@sendflow/domain';

export class TimelinessQueryDto extends createZodDto(timelinessQuery) {}
export class PeriodQueryDto extends createZodDto(periodQuery) {}
export class TimelinessResponseDto extends createZodDto(timelinessResponse) {}
export class PipelineResponseDto extends createZodDto(pipelineResponse) {}
export class ServiceFlowResponseDto extends createZodDto(serviceFlowResponse) {}
export class PipelineQueryDto extends createZodDto(pipelineQuery) {}
export class ServiceFlowQueryDto extends createZodDto(serviceFlowQuery) {}
