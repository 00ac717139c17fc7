import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * This library runs inside Temporal workflow code, which must replay identically. Guard the
 * rules in code review terms: no clock, no randomness, no I/O, no runtime dependencies.
 */
const dir = __dirname;
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

describe('deterministic, dependency-free sources', () => {
  it('found the library sources', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['index.ts', 'statutory-deadline.util.ts']));
  });

  it.each([
    ['Date.now()', /Date\.now\s*\(/],
    ['new Date() with no argument', /new Date\s*\(\s*\)/],
    ['Math.random', /Math\.random/],
    ['performance.now', /performance\.now/],
    ['process', /\bprocess\./],
    ['timers', /\bset(Timeout|Interval|Immediate)\s*\(/],
    ['require()', /\brequire\s*\(/],
    ['Intl without an explicit zone', /Intl\.DateTimeFormat\(\s*\)/],
  ])('no %s', (_label, pattern) => {
    for (const { file, text } of sources) expect({ file, match: pattern.test(text) }).toEqual({ file, match: false });
  });

  it('imports only its own modules and data', () => {
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) expect({ file, spec: m[1] }).toEqual({ file, spec: expect.stringMatching(/^\.\//) });
    }
  });

  it('every module is re-exported from index.ts', () => {
    const index = sources.find((s) => s.file === 'index.ts')!.text;
    for (const { file } of sources) {
      if (file === 'index.ts') continue;
      expect({ file, exported: index.includes(`'./${file.replace(/\.ts$/, '')}'`) }).toEqual({ file, exported: true });
    }
  });
});
