import * as core from './core';
import * as http from './http';
import * as all from './index';

/** The workflow bundle maps @sendflow/domain to core.ts: a module added to index.ts but not there would be undefined in workflows. */
describe('domain core entry', () => {
  it('exports everything index.ts does except the HTTP contracts', () => {
    const httpNames = new Set(Object.keys(http));
    const expected = Object.keys(all).filter((k) => !httpNames.has(k) || k in core).sort();
    expect(Object.keys(core).sort()).toEqual(expected);
  });
});
