import { envInt } from '@sendflow/platform';

/**
 * DOCUMENT_MAX_BYTES: the largest document a request may carry (default 10 MB). PostgreSQL's
 * bytea holds up to 1 GB, but a whole upload sits in memory: keep it modest.
 */
export const documentMaxBytesEnv = envInt(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024);
