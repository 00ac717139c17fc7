import { createZodDto } from '../common/zod-dto';
import { caseloadResponse, createRequestBody, intakeConflictResponse, listRequestsQuery, liveStateResponse, requestDetailResponse, requestRecordResponse } from '@sendflow/domain';

export class CreateRequestDto extends createZodDto(createRequestBody) {}
/** A Problem with `existing` naming the request the reference already belongs to. */
export class IntakeConflictProblemDto extends createZodDto(intakeConflictResponse) {}
export class ListRequestsQueryDto extends createZodDto(listRequestsQuery) {}
export class CaseloadResponseDto extends createZodDto(caseloadResponse) {}
export class RequestDetailDto extends createZodDto(requestDetailResponse) {}
/** The request as recorded: intake's answer, and the answer to a reg 8(2) exception. */
export class RequestRecordDto extends createZodDto(requestRecordResponse) {}
export class LiveStateDto extends createZodDto(liveStateResponse) {}
