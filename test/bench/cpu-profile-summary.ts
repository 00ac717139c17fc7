/**
 * Summarises a V8 .cpuprofile: self and total time per function and self time per package / app
 * file, so a profile taken with cpu-profile.preload.ts can be read without DevTools.
 *
 *   node -r @swc-node/register test/bench/cpu-profile-summary.ts <file.cpuprofile> [--top 40] [--match text]
 *
 * `--match text` also lists, for functions whose name or file contains the text, the callers
 * they were sampled under (by total time).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, match: { type: 'string' } } });
const top = Number(values.top) || 40;
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const short = (url: string) => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(apps|libs|workflows|test)\//, '$1/') || '(native)';
};
const fnKey = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const total = new Map<string, number>();
const pkg = new Map<string, number>();
const callers = new Map<string, Map<string, number>>();
for (const [id, us] of selfUs) {
  const leaf = byId.get(id)!;
  self.set(fnKey(leaf), (self.get(fnKey(leaf)) ?? 0) + us);
  pkg.set(short(leaf.callFrame.url), (pkg.get(short(leaf.callFrame.url)) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const k = fnKey(n);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
    if (values.match && k.includes(values.match)) {
      const p = parent.get(cur);
      if (p !== undefined) {
        const m = callers.get(k) ?? new Map<string, number>();
        m.set(fnKey(byId.get(p)!), (m.get(fnKey(byId.get(p)!)) ?? 0) + us);
        callers.set(k, m);
      }
    }
  }
}

const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const list = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
};
console.log(`${positionals[0]}: ${(totalUs / 1e6).toFixed(2)} s sampled over ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s`);
list('self time by package or file', pkg);
list('self time by function', self);
list('total time by function', total);
for (const [k, m] of callers) list(`callers of ${k}`, m);
