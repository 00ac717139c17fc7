import { condition } from '@temporalio/workflow';
import { currentTime } from './flow-engine';

/** Something due at a moment that follows the statutory clock: the deadline, a receipt-anchored reminder. */
export interface AlarmEntry {
  /** When it is due (epoch ms) as things stand now, or null once it has fired (or is not due). */
  dueAt(): number | null;
  /** Runs it; must make `dueAt()` null before its first await, so it fires once. */
  fire(): Promise<void>;
}

/**
 * One durable timer for everything anchored on receipt (one-marker runs, run-patches.ts): it
 * sleeps until the earliest entry is due, fires every entry due by then, and sleeps again; when
 * the statutory clock moves (a reg 8(2) exception bumps the revision) it recomputes and re-arms.
 * Runs before this kept a timer per entry: three TimerStarted events at the first task, and three
 * cancelled and three started again at each exception; this keeps one of each.
 *
 * Entries fire without waiting for each other (as the separate timers did), so a slow
 * notification never holds back another entry. Ends when the request closes.
 */
export async function runReceiptAlarm(entries: AlarmEntry[], clock: { revision(): number; closed(): boolean }): Promise<void> {
  // The moment the timer that just fired was set for: entries due by then fire now even if the
  // workflow clock reads a little earlier (a fired timer is the evidence, as with one timer each).
  let firedFor = Number.NEGATIVE_INFINITY;
  for (;;) {
    if (clock.closed()) return;
    const seen = clock.revision();
    const now = Date.parse(await currentTime());
    const pending = entries.map((entry) => ({ entry, at: entry.dueAt() })).filter((p): p is { entry: AlarmEntry; at: number } => p.at !== null);
    const horizon = Math.max(now, firedFor);
    firedFor = Number.NEGATIVE_INFINITY;
    const due = pending.filter((p) => p.at <= horizon).sort((a, b) => a.at - b.at);
    if (due.length) {
      for (const p of due) void p.entry.fire();
      if (due.some((p) => p.entry.dueAt() !== null)) throw new Error('receipt alarm: an entry is still due after firing');
      continue;
    }
    if (pending.length === 0) {
      await condition(() => clock.closed() || clock.revision() !== seen);
      continue;
    }
    const next = Math.min(...pending.map((p) => p.at));
    const woken = await condition(() => clock.closed() || clock.revision() !== seen, next - now);
    if (!woken) firedFor = next;
  }
}
