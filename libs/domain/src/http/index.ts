export * from './tasks.contract';
export * from './reports.contract';
