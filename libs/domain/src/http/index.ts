export * from './tasks.contract';
export * from './requests.contract';
