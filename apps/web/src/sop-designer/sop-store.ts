import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { SopDefinition } from '@sendflow/sop';

/**
 * The designer's editing state: the definition on the canvas, its undo/redo history and the
 * definition last stored on the server. Every edit goes through `edit` with a pure function from
 * graph-edit.ts, so every edit is undoable and the history is plain data.
 */
export interface SopEditorState {
  definition: SopDefinition | null;
  past: SopDefinition[];
  future: SopDefinition[];
  /** The definition the server holds (after load or the last successful save). */
  saved: SopDefinition | null;
  /** Edits with the same group within `GROUP_MS` of each other are one undo step (typing a label). */
  lastGroup: { key: string; at: number } | null;
  load(definition: SopDefinition): void;
  edit(change: SopDefinition | ((d: SopDefinition) => SopDefinition), options?: { group?: string; now?: number }): void;
  undo(): void;
  redo(): void;
  /** `definition` is what was sent; edits made while the save was under way stay unsaved. */
  markSaved(definition: SopDefinition): void;
}

export const HISTORY_LIMIT = 200;
export const GROUP_MS = 1000;

export function createSopEditorStore(initial: SopDefinition | null = null): StoreApi<SopEditorState> {
  return createStore<SopEditorState>()((set, get) => ({
    definition: initial,
    past: [],
    future: [],
    saved: initial,
    lastGroup: null,
    load: (definition) => set({ definition, saved: definition, past: [], future: [], lastGroup: null }),
    edit: (change, options = {}) => {
      const { definition, past, lastGroup } = get();
      if (!definition) return;
      const next = typeof change === 'function' ? change(definition) : change;
      if (next === definition) return;
      const now = options.now ?? Date.now();
      const merge = options.group !== undefined && lastGroup?.key === options.group && now - lastGroup.at < GROUP_MS && past.length > 0;
      set({
        definition: next,
        past: merge ? past : [...past, definition].slice(-HISTORY_LIMIT),
        future: [],
        lastGroup: options.group !== undefined ? { key: options.group, at: now } : null,
      });
    },
    undo: () => {
      const { definition, past, future } = get();
      if (!definition || !past.length) return;
      set({ definition: past[past.length - 1], past: past.slice(0, -1), future: [definition, ...future], lastGroup: null });
    },
    redo: () => {
      const { definition, past, future } = get();
      if (!definition || !future.length) return;
      set({ definition: future[0], past: [...past, definition], future: future.slice(1), lastGroup: null });
    },
    markSaved: (definition) => set({ saved: definition }),
  }));
}

/** Unsaved: the canvas shows something other than what the server holds (undoing back to it is clean again). */
export const isDirty = (s: Pick<SopEditorState, 'definition' | 'saved'>) => s.definition !== s.saved;

export const SopStoreContext = createContext<StoreApi<SopEditorState> | null>(null);

export function useSopStore<T>(selector: (s: SopEditorState) => T): T {
  const store = useContext(SopStoreContext);
  if (!store) throw new Error('useSopStore outside SopStoreContext');
  return useStore(store, selector);
}

export function useSopStoreApi(): StoreApi<SopEditorState> {
  const store = useContext(SopStoreContext);
  if (!store) throw new Error('useSopStoreApi outside SopStoreContext');
  return store;
}
