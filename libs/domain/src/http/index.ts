export * from './common.contract';
export * from './auth.contract';
export * from './admin.contract';
export * from './audit.contract';
export * from './reference.contract';
export * from './tasks.contract';
export * from './request-flow.contract';
export * from './requests.contract';
