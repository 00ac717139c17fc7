import { InitialSchema1763840000000 } from './1763840000000-initial-schema';

/** In order. Never edit a migration that has shipped: add a new one. */
export const MIGRATIONS = [InitialSchema1763840000000];
