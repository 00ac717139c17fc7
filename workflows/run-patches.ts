import { patched } from '@temporalio/workflow';

/**
 * Runs started after this record one patch marker, at their start, that stands for every patch
 * before it (batched and local projections, search attributes, rework to the author, child
 * branches, document delivery, the intake timeline) and for one receipt alarm in place of a timer
 * per receipt-anchored reminder plus one for the deadline (receipt-alarm.ts). Each `patched()` in
 * a new run costs the server a marker event and a `TemporalChangeVersion` search-attribute upsert
 * (the SDK core adds one per patch, with no opt-out): the first task cost two of each and the
 * first completion one more. Runs recorded before this never see its marker, so they replay
 * through the individual patches exactly as they were recorded.
 */
export const ONE_MARKER_PATCH = 'one-marker-single-receipt-alarm';

/** Per workflow (the SDK evaluates workflow modules once per workflow, like the projection queue). */
let current: boolean | undefined;

/** Decides, once and before any other command, whether this run is a one-marker run. */
export function decideRunPatches(): boolean {
  current ??= patched(ONE_MARKER_PATCH);
  return current;
}

/**
 * `patched(id)` for the patches ONE_MARKER_PATCH stands for: true without a marker of its own in
 * one-marker runs, the patch's own answer (and marker) in runs recorded before.
 */
export function hasPatch(id: string): boolean {
  return decideRunPatches() || patched(id);
}
