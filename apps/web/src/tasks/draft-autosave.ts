import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskDraftResponse } from '@sendflow/domain';
import { api, errorText } from '../api/http';

/** How long typing must pause before the draft is saved (and at most how much typing a crash loses). */
export const AUTOSAVE_DELAY_MS = 2500;

export interface DraftAutosave {
  /** The form's latest state; saved once typing pauses, when the page is hidden, and on leaving. */
  changed: (outcome: string, data: Record<string, unknown>) => void;
  /** Saves now if anything changed since the last save. */
  flush: () => Promise<void>;
  /** After submitting: nothing more to save (the API clears the draft when the task completes). */
  stop: () => void;
  savedAt: string | null;
  saving: boolean;
  error: string | null;
}

/**
 * Keeps a task's server-side draft (PUT /api/tasks/:id/draft) up to date while someone types, so
 * they can sign out and resume on another device. One save in flight at a time; a change made
 * during a save is saved after it. `enabled` is false for someone who may only read the task.
 */
export function useDraftAutosave(taskId: string, enabled: boolean, initialSavedAt: string | null): DraftAutosave {
  const [savedAt, setSavedAt] = useState(initialSavedAt);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<{ outcome: string; data: Record<string, unknown> } | null>(null);
  const lastSaved = useRef<string | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(!enabled);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) { clearTimeout(timer.current); timer.current = null; }
    if (inFlight.current) await inFlight.current;
    const body = pending.current;
    if (stopped.current || !body) return;
    const json = JSON.stringify(body);
    if (json === lastSaved.current) return;
    pending.current = null;
    setSaving(true);
    inFlight.current = api<TaskDraftResponse>(`/tasks/${encodeURIComponent(taskId)}/draft`, { method: 'PUT', body })
      .then((r) => { lastSaved.current = json; setSavedAt(r.savedAt); setError(null); })
      .catch((e: unknown) => { pending.current ??= body; setError(errorText(e)); })
      .finally(() => { inFlight.current = null; setSaving(false); });
    await inFlight.current;
  }, [taskId]);

  const changed = useCallback((outcome: string, data: Record<string, unknown>) => {
    if (stopped.current) return;
    const json = JSON.stringify({ outcome, data });
    if (lastSaved.current === null) { lastSaved.current = json; return; } // the state the page opened with: already saved (or prefilled)
    if (json === lastSaved.current && !pending.current) return;
    pending.current = { outcome, data };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void flush(); }, AUTOSAVE_DELAY_MS);
  }, [flush]);

  const stop = useCallback(() => {
    stopped.current = true;
    pending.current = null;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // Leaving the page (another route, a closed tab, a phone locking) saves what was typed.
  useEffect(() => {
    const onHide = () => { if (document.visibilityState === 'hidden') void flush(); };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      void flush();
    };
  }, [flush]);

  return { changed, flush, stop, savedAt, saving, error };
}
