export * from './temporal-config';
export * from './payload-codec';
