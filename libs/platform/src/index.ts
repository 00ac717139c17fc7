export * from './temporal-config';
export * from './payload-codec';
export * from './config/env-schema';
export * from './config/temporal-env';
export * from './config/payload-env';
