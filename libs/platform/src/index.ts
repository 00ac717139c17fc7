export * from './temporal-config';
