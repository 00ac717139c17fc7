import { createZodDto } from 'nestjs-zod';
import { completeTaskBody, listTasksQuery, reassignResult, reassignTasksBody, saveDraftBody } from '@sendflow/domain';

export class CompleteTaskDto extends createZodDto(completeTaskBody) {}
export class ListTasksQueryDto extends createZodDto(listTasksQuery) {}
export class SaveDraftDto extends createZodDto(saveDraftBody) {}
export class ReassignTasksDto extends createZodDto(reassignTasksBody) {}
export class ReassignResultDto extends createZodDto(reassignResult) {}
