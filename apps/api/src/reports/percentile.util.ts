/** A histogram of whole numbers: [value, how many times it occurs], values ascending, counts positive. */
export type Histogram = ReadonlyArray<readonly [value: number, count: number]>;

/**
 * PostgreSQL's `percentile_cont(p) WITHIN GROUP (ORDER BY value)` over the values a histogram
 * stands for, with the same double arithmetic (orderedsetaggs.c: rows floor and ceil of
 * p × (n − 1), then lo + proportion × (hi − lo)), so a report that counts days per key instead of
 * sorting every row answers the very same number. Null when there are no values, as there.
 */
export function percentileCont(histogram: Histogram, p: number): number | null {
  let n = 0;
  for (const [, count] of histogram) n += count;
  if (n === 0) return null;
  const position = p * (n - 1);
  const firstRow = Math.floor(position);
  const secondRow = Math.ceil(position);
  const valueAt = (row: number): number => {
    let seen = 0;
    for (const [value, count] of histogram) {
      seen += count;
      if (row < seen) return value;
    }
    throw new Error(`percentileCont: row ${row} of ${n} missing`);
  };
  const first = valueAt(firstRow);
  if (firstRow === secondRow) return first;
  const second = valueAt(secondRow);
  return first + (position - firstRow) * (second - first);
}
