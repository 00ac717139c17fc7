/**
 * Preloaded into the API by the benchmark (`-r test/bench/db-statements.preload.ts`): counts the
 * SQL statements the process sends through `pg` (PostgreSQL and the PGlite socket server alike)
 * between two SIGWINCH signals, the same window cpu-profile.preload.ts profiles, and writes
 * `{ statements, byKind }` to BENCH_STATEMENTS_FILE on the second. A count does not depend on the
 * machine's load, so before / after comparisons of the API's database round trips need no quiet machine.
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_STATEMENTS_FILE;
let counting = false;
let byKind = new Map<string, number>();
const kinds = new Map<string, string>();

/** The statement's verb and first table, enough to tell the session lookup from intake's writes. */
function kindOf(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  const verb = (/^\w+/.exec(sql)?.[0] ?? '?').toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '';
  return table ? `${verb} ${table}` : verb;
}

if (file) {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    if (counting) {
      const q = args[0];
      const text = typeof q === 'string' ? q : (q as { text?: string } | null)?.text ?? '?';
      // Memoised per text: the count runs in the API process, so its cost is in the API CPU figure.
      let k = kinds.get(text);
      if (k === undefined) kinds.set(text, (k = kindOf(text)));
      byKind.set(k, (byKind.get(k) ?? 0) + 1);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;

  process.on('SIGWINCH', () => {
    if (!counting) {
      byKind = new Map();
      counting = true;
      return;
    }
    counting = false;
    const statements = [...byKind.values()].reduce((a, b) => a + b, 0);
    writeFileSync(file, JSON.stringify({ statements, byKind: Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])) }));
  });
}
