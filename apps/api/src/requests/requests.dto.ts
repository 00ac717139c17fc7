import { createZodDto } from '../common/zod-dto';
import { caseloadResponse, createRequestBody, intakeConflictResponse, listRequestsQuery, requestDetailResponse } from '@sendflow/domain';

export class CreateRequestDto extends createZodDto(createRequestBody) {}
/** A Problem with `existing` naming the request the reference already belongs to. */
export class IntakeConflictProblemDto extends createZodDto(intakeConflictResponse) {}
export class ListRequestsQueryDto extends createZodDto(listRequestsQuery) {}
export class CaseloadResponseDto extends createZodDto(caseloadResponse) {}
export class RequestDetailDto extends createZodDto(requestDetailResponse) {}
