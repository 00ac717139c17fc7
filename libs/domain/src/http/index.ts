export * from './tasks.contract';
export * from './hostile-input';
