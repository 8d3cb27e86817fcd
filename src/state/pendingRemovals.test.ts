import { afterEach, describe, expect, it, vi } from 'vitest';
import { cloneExperiment } from '../experiment/schema';
import { UNDO_MS, usePendingRemovals } from './pendingRemovals';
import { selectOrderedRuns, useRunsStore } from './runsStore';

const shown = () => selectOrderedRuns(useRunsStore.getState()).map((r) => r.id);

afterEach(() => {
  vi.useRealTimers();
  useRunsStore.getState().clear();
});

describe('removal with undo', () => {
  it('hides the run at once, removes it only after the undo time, and Undo puts it back', async () => {
    vi.useFakeTimers();
    const s = useRunsStore.getState();
    const a = s.addRun({ method: 'ntp', experiment: cloneExperiment(), status: 'done' });
    const b = s.addRun({ method: 'mutor', experiment: cloneExperiment(), status: 'done' });
    const removed: string[] = [];
    const remove = (id: string) => {
      removed.push(id);
      useRunsStore.getState().removeRun(id);
    };
    const errors: unknown[] = [];
    usePendingRemovals.getState().request(a, remove, (e) => errors.push(e));
    usePendingRemovals.getState().request(b, remove, (e) => errors.push(e));
    expect(shown()).toEqual([]);
    expect(usePendingRemovals.getState().pending.map((p) => p.label)).toEqual(['NTP', 'MuToR']);
    usePendingRemovals.getState().undo(b);
    expect(shown()).toEqual([b]);
    await vi.advanceTimersByTimeAsync(UNDO_MS - 1);
    expect(removed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(removed).toEqual([a]);
    expect(useRunsStore.getState().order).toEqual([b]);
    expect(usePendingRemovals.getState().pending).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a removal that fails brings the run back and reports why; flush removes at once', async () => {
    const s = useRunsStore.getState();
    const a = s.addRun({ method: 'ntp', experiment: cloneExperiment(), status: 'done' });
    const errors: unknown[] = [];
    usePendingRemovals.getState().request(a, () => Promise.reject(new Error('storage said no')), (e) => errors.push(e));
    usePendingRemovals.getState().flush();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect((errors[0] as Error).message).toBe('storage said no');
    expect(shown()).toEqual([a]);
  });
});
