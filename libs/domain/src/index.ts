export * from './constants';
export * from './roles';
export * from './services';
export * from './request';
export * from './timeline';
export * from './forms';
export * from './http';
export * from './task-access';
