export * from './tasks.contract';
