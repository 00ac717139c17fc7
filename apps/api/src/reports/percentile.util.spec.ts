import { percentileCont, type Histogram } from './percentile.util';

/** Expected figures are PostgreSQL 15's own answers to percentile_cont over the same values. */
describe('percentileCont (PostgreSQL percentile_cont over a histogram)', () => {
  it('is null with no values', () => {
    expect(percentileCont([], 0.5)).toBeNull();
  });
  it('interpolates between ranks exactly as PostgreSQL does, to the last bit', () => {
    // SELECT percentile_cont(0.5 / 0.9) WITHIN GROUP (ORDER BY x) FROM (VALUES (1),(2),(3),(4)) → 2.5 | 3.7
    const oneToFour: Histogram = [[1, 1], [2, 1], [3, 1], [4, 1]];
    expect([percentileCont(oneToFour, 0.5), percentileCont(oneToFour, 0.9)]).toEqual([2.5, 3.7]);
    // (VALUES (-3),(0),(7)) → 5.6000000000000005 | 0: the double PostgreSQL answers, not the decimal one.
    const mixed: Histogram = [[-3, 1], [0, 1], [7, 1]];
    expect([percentileCont(mixed, 0.9), percentileCont(mixed, 0.5)]).toEqual([5.6000000000000005, 0]);
  });
  it('counts each value as often as the histogram says', () => {
    // (VALUES (10),(10),(10),(12),(40),(41),(41)) → p90 41, median 12
    const h: Histogram = [[10, 3], [12, 1], [40, 1], [41, 2]];
    expect([percentileCont(h, 0.9), percentileCont(h, 0.5)]).toEqual([41, 12]);
    expect(percentileCont([[33, 5]], 0.9)).toBe(33);
  });
  it('equals the expanded list for any histogram', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const h: [number, number][] = [];
      for (let v = -5; v < 60; v += 1 + Math.floor(next() * 6)) h.push([v, 1 + Math.floor(next() * 9)]);
      const expanded = h.flatMap(([v, c]) => Array.from({ length: c }, () => [v, 1] as [number, number]));
      for (const p of [0.1, 0.5, 0.9]) expect(percentileCont(h, p)).toBe(percentileCont(expanded, p));
    }
  });
});
