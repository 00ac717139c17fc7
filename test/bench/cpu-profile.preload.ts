/**
 * Preloaded into a process the benchmark starts (`-r test/bench/cpu-profile.preload.ts`, see
 * BENCH_API_PROFILE in throughput.bench.ts): the first SIGWINCH starts V8's CPU profiler, the next
 * writes `<BENCH_PROFILE_DIR>/<name>-<n>.cpuprofile` (open it in Chrome DevTools, or summarise it
 * with `node -r @swc-node/register test/bench/cpu-profile-summary.ts <file>`). Only the window
 * between the two signals is profiled, so start-up and other phases stay out of it. SIGWINCH, not
 * SIGUSR2: Nest's enableShutdownHooks() shuts the app down on SIGUSR2, and SIGWINCH is ignored by
 * default, so a stray one does no harm.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR || process.cwd();
const name = process.env.BENCH_PROFILE_NAME || `pid${process.pid}`;
let session: Session | null = null;
let count = 0;

process.on('SIGWINCH', () => {
  if (!session) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US) || 1000 });
    session.post('Profiler.start');
    return;
  }
  const s = session;
  session = null;
  s.post('Profiler.stop', (err, res) => {
    if (!err) writeFileSync(join(dir, `${name}-${++count}.cpuprofile`), JSON.stringify(res.profile));
    s.disconnect();
  });
});
