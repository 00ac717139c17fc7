export * from './entities';
export * from './data-source';
export * from './database-env';
export * from './seed';
export * from './password';
