import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AssignTaskInput, CompleteTaskInput, CompleteTaskResult, DeadlineState, RecordExceptionInput, RequestState, TaskState,
} from './request-state';

/** Declared once; the API, the worker and the tests import these rather than naming strings. */
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskInput]>('completeTask');
export const assignTaskUpdate = defineUpdate<Pick<TaskState, 'id' | 'assigneeId'>, [AssignTaskInput]>('assignTask');
/** Pause or extend the statutory clock for one of the reg 8(2) exceptions (request workflow only). */
export const recordExceptionUpdate = defineUpdate<DeadlineState, [RecordExceptionInput]>('recordStatutoryException');
/** The request workflow's state; a per-service branch answers with its own tasks in the same shape. */
export const requestStateQuery = defineQuery<RequestState>('requestState');
