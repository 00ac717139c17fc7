import { findHostileRequestInput } from './hostile-input.middleware';
import { databaseDataError, isDatabaseUnavailable } from './unavailable';
import { parseApiConfig } from '../config/api-config';

const req = (path: string, query: Record<string, unknown> = {}, body?: unknown) => ({ path, query, body }) as never;

describe('the global hostile-input layer', () => {
  it('refuses paging numbers beyond an integer or not in digits', () => {
    expect(findHostileRequestInput(req('/api/requests', { offset: '9223372036854775807' }))?.field).toBe('offset');
    expect(findHostileRequestInput(req('/api/requests', { offset: '1e21' }))?.field).toBe('offset');
    expect(findHostileRequestInput(req('/api/requests', { limit: '-1' }))?.field).toBe('limit');
    expect(findHostileRequestInput(req('/api/requests', { offset: '40', limit: '20' }))).toBeNull();
  });
  it('refuses impossible dates in the query string', () => {
    expect(findHostileRequestInput(req('/api/audit', { from: '0000-01-01' }))?.message).toMatch(/^from: must be between/);
  });
  it('refuses NUL and dot segments in the path', () => {
    expect(findHostileRequestInput(req('/api/tasks/%00'))?.field).toBe('path');
    expect(findHostileRequestInput(req('/api/sops/%2e%2e'))?.field).toBe('path');
    expect(findHostileRequestInput(req('/api/sops/%E0%A4%A'))?.field).toBe('path');
  });
  it('checks the body after the query', () => {
    expect(findHostileRequestInput(req('/api/requests', {}, { child: { givenName: 'A\u0000' } }))?.field).toBe('child.givenName');
  });
});

describe('dependency failures are told apart from bad data', () => {
  it('connection-level database failures are "unavailable"', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable({ name: 'QueryFailedError', driverError: { code: '57P01', message: 'terminating connection due to administrator command' } })).toBe(true);
    expect(isDatabaseUnavailable({ name: 'QueryFailedError', driverError: { code: '57014', message: 'canceling statement due to statement timeout' } })).toBe(true);
    expect(isDatabaseUnavailable({ name: 'QueryFailedError', driverError: { code: '22P05', message: 'unsupported Unicode escape sequence' } })).toBe(false);
  });
  it('data and constraint errors are the input\'s fault, not the system\'s', () => {
    expect(databaseDataError({ driverError: { code: '22P05' } })).toBe('data');
    expect(databaseDataError({ driverError: { code: '23505' } })).toBe('unique');
    expect(databaseDataError({ code: '23503' })).toBe('integrity');
    expect(databaseDataError(new Error('x'))).toBeNull();
  });
});

describe('configuration is validated once, naming each bad variable', () => {
  it('lists every bad variable with its reason', () => {
    expect(() => parseApiConfig({ DATABASE_URL: 'mysql://x', TASK_COMPLETION_WAIT_MS: 'soon', METRICS_TOKEN: 'short' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL[\s\S]*TASK_COMPLETION_WAIT_MS: must be a whole number[\s\S]*METRICS_TOKEN: must be at least 32 characters/);
    expect(() => parseApiConfig({})).toThrow(/DATABASE_URL: .*\(required\)/);
  });
  it('fills defaults', () => {
    const c = parseApiConfig({ DATABASE_URL: 'postgres://x@h/db', TASK_COMPLETION_WAIT_MS: ' ' });
    expect(c.TASK_COMPLETION_WAIT_MS).toBe(10_000);
    expect(c.DATABASE_STATEMENT_TIMEOUT_MS).toBe(15_000);
  });
});
