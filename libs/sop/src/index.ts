export * from './sop.model';
export * from './graph.util';
export * from './sop.validation';
export * from './data/ehcna-default.sop';
export * from './data/ehcna-dco-signoff.sop';
export * from './sop.diff';
export * from './sops.contract';
