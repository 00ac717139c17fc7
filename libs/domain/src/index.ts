export * from './constants';
export * from './roles';
export * from './services';
export * from './request';
export * from './timeline';
export * from './forms';
export * from './rag';
export * from './http';
