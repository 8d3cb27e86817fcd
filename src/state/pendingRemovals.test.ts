import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cloneExperiment } from '../experiment/schema';
import { UNDO_MS, usePendingRemovals } from './pendingRemovals';
import { REMOVAL_MARKS_KEY, storageRemovalMarks } from './removalMarks';
import { selectOrderedRuns, useRunsStore } from './runsStore';

const shown = () => selectOrderedRuns(useRunsStore.getState()).map((r) => r.id);

/** A browser's localStorage as far as the marks use it. */
const kept = new Map<string, string>();
const marks = storageRemovalMarks(() => ({ getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => void kept.set(k, v) }));

beforeEach(() => {
  kept.clear();
  usePendingRemovals.setState({ marks });
});

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
    // Marked in the browser at the click: a reload now finishes the removals instead of bringing the runs back.
    expect(JSON.parse(kept.get(REMOVAL_MARKS_KEY)!)).toEqual([a, b]);
    usePendingRemovals.getState().undo(b);
    expect(shown()).toEqual([b]);
    expect(marks.list()).toEqual([a]);
    await vi.advanceTimersByTimeAsync(UNDO_MS - 1);
    expect(removed).toEqual([]);
    expect(marks.list()).toEqual([a]);
    await vi.advanceTimersByTimeAsync(1);
    expect(removed).toEqual([a]);
    expect(marks.list()).toEqual([]);
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
    expect(marks.list()).toEqual([]);
  });
});

describe('removal marks', () => {
  it('keep ids once each, and a storage that refuses or holds junk reads as no marks', () => {
    marks.add('a');
    marks.add('a');
    marks.add('b');
    expect(marks.list()).toEqual(['a', 'b']);
    kept.set(REMOVAL_MARKS_KEY, '{not json');
    expect(marks.list()).toEqual([]);
    const off = storageRemovalMarks(() => {
      throw new Error('storage is off');
    });
    off.add('a');
    expect(off.list()).toEqual([]);
  });
});
