import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import {
  CalendarError, daysBetween, DEFAULT_RECEIPT_POLICY, defaultHolidayCalendar, statutoryDeadline, type StatutoryExtension, type StatutoryPause,
} from '@sendflow/calendar';
import { TRUST_TIME_ZONE } from '@sendflow/domain';
import { activities, currentTime, now, batching, projectionsSettled } from './flow-engine';
import { recordExceptionUpdate } from './messages';
import { REJECTION, type DeadlineState, type InterpreterInput, type RecordExceptionInput, type RequestState } from './request-state';
import type { TimelineEntry } from './activities.contract';
import type { AlarmEntry } from './receipt-alarm';

const reject = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** The deadline as computed at intake, before any exception. */
export function initialDeadline(input: InterpreterInput): DeadlineState {
  const r = input.request;
  return {
    dueDate: r.statutoryDueDate, dueAt: r.statutoryDueAt, baseDueDate: r.statutoryDueDate, pausedDays: 0, extensionDays: 0,
    pauses: [], extensions: [], explanation: [],
  };
}

/**
 * The statutory clock of one request: a durable timer to the moment the advice becomes late,
 * and the reg 8(2) exceptions that pause or extend it. Recording an exception recomputes the
 * deadline with libs/calendar (the same code the API uses at intake) and re-arms every timer
 * that follows the clock, so a pause survives restarts because it lives in workflow history.
 */
export function createStatutoryClock(
  input: InterpreterInput,
  state: RequestState,
  deps: { timeline(e: Omit<TimelineEntry, 'id'>): Promise<void>; projectRequest(): Promise<void>; closed(): boolean },
) {
  state.deadline ??= initialDeadline(input);
  let revision = 0;
  const policy = input.request.receiptPolicy ?? { ...DEFAULT_RECEIPT_POLICY, timeZone: TRUST_TIME_ZONE };

  const recompute = (cmd: RecordExceptionInput): DeadlineState => {
    const current = state.deadline as DeadlineState;
    const { exception: e, actor, recordedAt } = cmd;
    const recorded = { id: e.id, kind: e.kind, evidence: e.evidence, recordedBy: actor.displayName || actor.userId, recordedAt };
    const pauses: StatutoryPause[] = e.type === 'pause' ? [...current.pauses, { ...recorded, from: e.from, to: e.to }] : current.pauses;
    const extensions: StatutoryExtension[] = e.type === 'extension' ? [...current.extensions, { ...recorded, days: e.days }] : current.extensions;
    try {
      const d = statutoryDeadline({ receivedAt: input.request.receivedAt, policy, calendar: defaultHolidayCalendar, pauses, extensions });
      return {
        dueDate: d.dueDate, dueAt: d.dueAt, baseDueDate: d.baseDueDate, pausedDays: d.pausedDays, extensionDays: d.extensionDays,
        pauses, extensions, explanation: d.explanation,
      };
    } catch (err) {
      if (err instanceof CalendarError) {
        // The calendar names fields by list position (`pauses[2].to`); the caller sent one exception.
        throw reject(REJECTION.badInput, err.message.replace(/\b(pauses|extensions)\[\d+\]\./g, ''));
      }
      throw err;
    }
  };

  setHandler(
    recordExceptionUpdate,
    async (cmd) => {
      const before = state.deadline as DeadlineState;
      const next = recompute(cmd);
      state.deadline = next;
      revision++;
      if (state.overdue && Date.parse(next.dueAt) > Date.parse(await now())) state.overdue = false;
      await activities.projectDeadline(state.requestId, next, state.overdue);
      const e = cmd.exception;
      await deps.timeline({
        kind: 'deadline.changed',
        summary: `Statutory deadline moved from ${before.dueDate} to ${next.dueDate}: ${e.type === 'pause' ? `paused ${e.from} to ${e.to}` : `extended by ${e.days} day(s)`} (reg 8(2), ${e.kind.replace(/_/g, ' ')})`,
        actorId: cmd.actor.userId,
        data: { exceptionId: e.id, type: e.type, kind: e.kind, from: before.dueDate, to: next.dueDate },
      });
      if (batching()) await projectionsSettled();
      return next;
    },
    {
      validator: (cmd) => {
        if (!cmd?.actor?.roles?.includes('coordinator')) throw reject(REJECTION.forbidden, 'Only the coordinator records a statutory exception');
        if (deps.closed()) throw reject(REJECTION.conflict, `The request is ${state.status}: its deadline no longer runs`);
        const d = state.deadline as DeadlineState;
        if ([...d.pauses, ...d.extensions].some((x) => x.id === cmd.exception?.id)) throw reject(REJECTION.conflict, `Exception ${cmd.exception.id} is already recorded`);
        recompute(cmd);
      },
    },
  );

  /** Days the deadline has moved since intake; receipt-anchored reminders move with it. */
  const shiftDays = () => {
    const d = state.deadline as DeadlineState;
    return daysBetween(d.baseDueDate, d.dueDate);
  };

  /** The deadline passed with the advice not returned: overdue is set before the first await. */
  const breach = async () => {
    state.overdue = true;
    await deps.projectRequest();
    await deps.timeline({ kind: 'deadline.breached', summary: `Statutory deadline ${(state.deadline as DeadlineState).dueDate} passed without the advice returned` });
    await deps.timeline({ kind: 'timer.escalation', summary: 'Escalated: health advice overdue', data: { notifyRole: 'coordinator' } });
    await activities.notify(state.requestId, 'coordinator', `Health advice for ${input.request.laReference} is overdue`, { kind: 'overdue' });
  };

  /** Runs for the life of the request: breach, escalate, and re-arm whenever the deadline moves. */
  const watch = async () => {
    for (;;) {
      const seen = revision;
      const wait = Date.parse((state.deadline as DeadlineState).dueAt) - Date.parse(await currentTime());
      if (wait > 0) await condition(() => deps.closed() || revision !== seen, wait);
      if (deps.closed()) return;
      if (revision !== seen) continue;
      if (!state.overdue) await breach();
      // A later exception can move the deadline past today again: wait for that or the close.
      await condition(() => deps.closed() || revision !== seen);
      if (deps.closed()) return;
    }
  };

  /**
   * The deadline as one entry of the receipt alarm (one-marker runs): due until it is breached;
   * an exception that moves it past now clears `overdue` (see alarmRevision), so it is due again.
   */
  const deadlineAlarm: AlarmEntry = {
    dueAt: () => (state.overdue ? null : Date.parse((state.deadline as DeadlineState).dueAt)),
    fire: breach,
  };

  /**
   * What the receipt alarm re-arms on: the clock's revision, and the overdue flag, which an
   * exception clears only after reading the time (an await), so after the revision has moved.
   */
  const alarmRevision = () => revision * 2 + (state.overdue ? 1 : 0);

  return { watch, deadlineAlarm, alarmRevision, shiftDays, revision: () => revision };
}
