// Removal with undo: a removed run leaves every panel at once (hidden in the runs store) but is only really removed,
// from the page, the engine and this browser's storage, once UNDO_MS have passed without Undo. The removal is marked
// in this browser at the click (removalMarks.ts): leaving or reloading the page meanwhile never brings the run back,
// the next page finishes the removal (startRunPersistence).
import { create } from 'zustand';
import { removalMarks, type RemovalMarks } from './removalMarks';
import { useRunsStore } from './runsStore';

/** How long Undo is offered. */
export const UNDO_MS = 10_000;

export interface PendingRemoval {
  id: string;
  label: string;
}

interface PendingRemovalsState {
  pending: PendingRemoval[];
  /** Hides and marks the run now and calls `remove` after UNDO_MS (errors go to `onError`). */
  request(id: string, remove: (id: string) => unknown, onError: (e: unknown) => void): void;
  /** Puts the run back where it was. */
  undo(id: string): void;
  /** Removes every pending run now (the page is going away). */
  flush(): void;
  /** Where the marks are kept (this browser's localStorage; tests give their own). */
  marks: RemovalMarks;
}

const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; finish(): void }>();

export const usePendingRemovals = create<PendingRemovalsState>((set, get) => {
  const drop = (id: string) => {
    const t = timers.get(id);
    if (t) clearTimeout(t.timer);
    timers.delete(id);
    set((s) => ({ pending: s.pending.filter((p) => p.id !== id) }));
  };
  return {
    pending: [],
    marks: removalMarks,
    request(id, remove, onError) {
      const run = useRunsStore.getState().runs[id];
      if (!run || timers.has(id)) return;
      get().marks.add(id);
      useRunsStore.getState().hide(id);
      const finish = () => {
        drop(id);
        Promise.resolve()
          .then(() => remove(id))
          .then(
            () => get().marks.delete(id),
            (e: unknown) => {
              get().marks.delete(id);
              useRunsStore.getState().unhide(id);
              onError(e);
            },
          );
      };
      timers.set(id, { timer: setTimeout(finish, UNDO_MS), finish });
      set((s) => ({ pending: [...s.pending, { id, label: run.label }] }));
    },
    undo(id) {
      if (!timers.has(id)) return;
      get().marks.delete(id);
      drop(id);
      useRunsStore.getState().unhide(id);
    },
    flush() {
      for (const id of get().pending.map((p) => p.id)) timers.get(id)?.finish();
    },
  };
});
