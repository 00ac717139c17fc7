import { createZodDto } from '../common/zod-dto';
import {
  completedTaskResponse, completeTaskBody, completionAcceptedResponse, idParams, listTasksQuery, reassignResult, reassignTasksBody, saveDraftBody, taskDetailResponse, taskDraftResponse, taskListResponse, taskViewResponse,
} from '@sendflow/domain';

export class TaskIdParams extends createZodDto(idParams) {}
export class CompleteTaskDto extends createZodDto(completeTaskBody) {}
export class ListTasksQueryDto extends createZodDto(listTasksQuery) {}
export class SaveDraftDto extends createZodDto(saveDraftBody) {}
export class ReassignTasksDto extends createZodDto(reassignTasksBody) {}
export class ReassignResultDto extends createZodDto(reassignResult) {}
export class TaskViewDto extends createZodDto(taskViewResponse) {}
export class TaskDetailDto extends createZodDto(taskDetailResponse) {}
export class TaskDraftDto extends createZodDto(taskDraftResponse) {}
export class CompletedTaskDto extends createZodDto(completedTaskResponse) {}
export class CompletionAcceptedDto extends createZodDto(completionAcceptedResponse) {}
export class TaskListDto extends createZodDto(taskListResponse) {}
