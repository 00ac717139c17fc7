export * from './tasks.contract';
export * from './request-flow.contract';
