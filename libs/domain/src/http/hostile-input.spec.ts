import { z } from 'zod';
import { boundedInt, calendarDate, dateProblem, findHostileInput, jsonDepthExceeds, MAX_JSON_DEPTH, reference, safeText, textProblem } from './hostile-input';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('hostile input rules (one per kind, each naming the field)', () => {
  describe('JSON depth, scanned before parsing', () => {
    it('accepts a body at the limit and refuses one beyond it', () => {
      expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
      expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
      expect(jsonDepthExceeds(nested(5000))).toBe(true);
    });
    it('ignores brackets inside strings, escaped quotes included', () => {
      expect(jsonDepthExceeds(JSON.stringify({ a: '['.repeat(100), b: 'x\\"[[[[' }), 3)).toBe(false);
    });
    it('refuses depth in parsed values too (query objects)', () => {
      let v: unknown = 'x';
      for (let i = 0; i < MAX_JSON_DEPTH + 2; i++) v = { a: v };
      expect(findHostileInput(v)?.message).toMatch(/nested deeper than/);
    });
  });

  it('refuses NUL in any string, naming the dotted path', () => {
    expect(findHostileInput({ data: { notes: ['ok', 'bad\u0000text'] } })).toEqual({ field: 'data.notes.1', message: 'data.notes.1: must not contain NUL characters' });
  });

  it('refuses unpaired surrogates but accepts real astral characters', () => {
    expect(textProblem('a\uD800b')).toMatch(/unpaired surrogate/);
    expect(textProblem('a\uDC00')).toMatch(/unpaired surrogate/);
    expect(textProblem('emoji 😀 ok')).toBeNull();
  });

  it('refuses numbers beyond a PostgreSQL integer', () => {
    expect(findHostileInput({ days: 1e21 })?.field).toBe('days');
    expect(findHostileInput({ days: 2_147_483_648 })?.message).toBe('days: must be between -2147483647 and 2147483647');
    expect(findHostileInput({ days: 14 })).toBeNull();
  });

  it('refuses impossible dates and dates outside a sane range, in date-only and date-time strings', () => {
    expect(dateProblem('2026-02-30')).toMatch(/not a date in the calendar/);
    expect(dateProblem('2028-02-29')).toBeNull();
    expect(dateProblem('0000-01-01')).toMatch(/between 1900-01-01 and 2199-12-31/);
    expect(findHostileInput({ from: '2026-13-01T10:00:00Z' })?.field).toBe('from');
    expect(findHostileInput({ laDueDate: '2026-02-30' })?.message).toBe('laDueDate: 2026-02-30 is not a date in the calendar');
    expect(findHostileInput({ notes: '2026-02-30 was a typo in the letter' })).toBeNull();
  });

  it('refuses prototype keys, which JSON.parse keeps as own properties', () => {
    expect(findHostileInput(JSON.parse('{"child":{"__proto__":{"admin":true}}}'))?.field).toBe('child.__proto__');
    expect(findHostileInput(JSON.parse('{"constructor":{"prototype":{}}}'))?.field).toBe('constructor');
  });

  it('refuses . and .. as path segments in references, not dots inside a reference', () => {
    expect(findHostileInput({ laReference: '..' })?.message).toBe('laReference: must not contain . or .. as a path segment');
    expect(findHostileInput({ laReference: 'EHC/../x' })?.field).toBe('laReference');
    expect(findHostileInput({ laReference: 'EHC-2026.04' })).toBeNull();
    expect(findHostileInput({ notes: '..' })).toBeNull();
  });

  it('walks deep-but-allowed structures without recursion', () => {
    expect(findHostileInput({ a: [{ b: [{ c: 'fine' }] }] })).toBeNull();
  });

  describe('zod helpers for contracts', () => {
    const schema = z.strictObject({ evidence: safeText({ max: 50 }), day: calendarDate(), days: boundedInt({ min: 1, max: 365 }), ref: reference() });
    const ok = { evidence: 'letter', day: '2026-03-01', days: 10, ref: 'EHC-1' };
    const fields = (input: unknown) => [...new Set((schema.safeParse(input).error?.issues ?? []).map((i) => i.path.join('.')))];
    it('accept good values', () => expect(schema.safeParse(ok).success).toBe(true));
    it.each([
      ['evidence', { ...ok, evidence: 'a\u0000' }],
      ['evidence', { ...ok, evidence: '   ' }],
      ['day', { ...ok, day: '2026-02-30' }],
      ['day', { ...ok, day: '0000-01-01' }],
      ['days', { ...ok, days: 1e21 }],
      ['days', { ...ok, days: '9223372036854775807' }],
      ['ref', { ...ok, ref: '..' }],
      ['ref', { ...ok, ref: 'a\u0007' }],
    ])('refuse a bad %s', (field, input) => expect(fields(input)).toEqual([field]));
    it('coerce a query-string integer within bounds', () => expect(schema.parse({ ...ok, days: '12' }).days).toBe(12));
  });
});
