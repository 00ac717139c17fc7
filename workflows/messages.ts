import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CompleteTaskInput, CompleteTaskResult, RequestState } from './request-state';

/** Declared once; the API, the worker and the tests import these rather than naming strings. */
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskInput]>('completeTask');
export const requestStateQuery = defineQuery<RequestState>('requestState');
