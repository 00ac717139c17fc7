import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Failures of the parts the API depends on, told apart from bugs so the client hears the truth:
 * a 503 with Retry-After for "the database / workflow service cannot be reached right now",
 * and a message that says what is known about whether anything took effect.
 */
export class DependencyUnavailableException extends HttpException {
  constructor(message: string, readonly retryAfterSeconds = 5, readonly details: Record<string, unknown> = {}) {
    super({ message }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** The Temporal call did not answer within its bound (the call itself may still take effect). */
export class TemporalDeadlineError extends Error {
  override readonly name = 'TemporalDeadlineError';
  constructor(readonly what: string) { super(`${what}: no answer from the workflow service in time`); }
}

// PostgreSQL SQLSTATE classes/codes that mean "not reachable / not now", not "your data is wrong".
const PG_UNAVAILABLE = /^(08|53|57P0[1-3]$|57014$|40001$|40P01$)/;
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_CLIENT_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed|Query read timeout|terminating connection/i;

function chain(err: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let e = err as Record<string, unknown> | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
    out.push(e);
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return out;
}

/** True when the error (or its cause) says the database could not be reached or did not answer in time. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_UNAVAILABLE.test(code)) return true;
    return typeof e.message === 'string' && PG_CLIENT_MESSAGES.test(e.message);
  });
}

/** SQLSTATE class 22 (data exception) or 23 (integrity): the input cannot be stored, retrying will not help. */
export function databaseDataError(err: unknown): 'data' | 'unique' | 'integrity' | null {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    if (code.startsWith('22')) return 'data';
    if (code === '23505') return 'unique';
    if (code.startsWith('23')) return 'integrity';
  }
  return null;
}
