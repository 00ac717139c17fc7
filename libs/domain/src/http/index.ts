export * from './tasks.contract';
export * from './documents.contract';
