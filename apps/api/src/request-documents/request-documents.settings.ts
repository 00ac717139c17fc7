import { Injectable } from '@nestjs/common';

/** DOCUMENT_MAX_BYTES: the largest document a request may carry (default 10 MB); checked at start-up. */
@Injectable()
export class RequestDocumentsSettings {
  readonly maxBytes: number;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const raw = env.DOCUMENT_MAX_BYTES?.trim();
    if (raw === undefined || raw === '') {
      this.maxBytes = 10 * 1024 * 1024;
      return;
    }
    // PostgreSQL's bytea holds up to 1 GB, but a whole upload sits in memory: keep it modest.
    if (!/^\d+$/.test(raw) || Number(raw) < 1024 || Number(raw) > 100 * 1024 * 1024) {
      throw new Error(`DOCUMENT_MAX_BYTES must be a whole number of bytes from 1024 to 104857600 (got "${env.DOCUMENT_MAX_BYTES}")`);
    }
    this.maxBytes = Number(raw);
  }
}
