import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetById } from '../experiment';
import type { StepPoint } from '../train/metrics';
import { storageRemovalMarks } from './removalMarks';
import { useRunsStore } from './runsStore';
import {
  readRecord, recordOf, startRunPersistence, storageProblemText, useSavedRunsStore, type RunStorage, type SavedRunRecord,
} from './savedRuns';

const experiment = presetById('tiny')!.config;

function memoryStorage(initial: unknown[] = []) {
  const data = new Map<string, unknown>(initial.map((r) => [(r as SavedRunRecord).id, r]));
  const puts: SavedRunRecord[] = [];
  const removed: string[] = [];
  const storage: RunStorage = {
    list: async () => [...data.values()],
    put: async (r) => {
      puts.push(structuredClone(r));
      data.set(r.id, structuredClone(r));
    },
    remove: async (id) => {
      removed.push(id);
      data.delete(id);
    },
  };
  return { storage, data, puts, removed };
}

const point = (step: number): StepPoint => ({ step, loss: 3 - step / 10, ntpLoss: 3, auxLoss: 2, lr: 1e-3, tokensPerSec: 100, elapsedMs: step * 100 });

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

let stop: (() => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  useRunsStore.setState({ runs: {}, order: [], selection: { runId: null, runPinned: false, example: 0, layer: 0, head: 0 } });
  useSavedRunsStore.setState({ restored: {}, savedAt: {}, problem: null, problemFrom: null, loaded: false, checkpoints: {} });
});

afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe('saved runs', () => {
  it('writes a run as it progresses, at most once per interval, and at once when it ends', async () => {
    const mem = memoryStorage();
    stop = startRunPersistence({ storage: mem.storage, intervalMs: 1000 });
    await settle();
    const id = useRunsStore.getState().addRun({ method: 'mutor', experiment });
    useRunsStore.getState().setStatus(id, 'running');
    await vi.advanceTimersByTimeAsync(0);
    const first = mem.puts.length;
    expect(first).toBe(1);
    for (let s = 1; s <= 10; s++) useRunsStore.getState().appendStep(id, point(s));
    await vi.advanceTimersByTimeAsync(200);
    expect(mem.puts.length).toBe(first); // throttled
    await vi.advanceTimersByTimeAsync(1000);
    expect(mem.puts.length).toBe(first + 1);
    expect(mem.puts.at(-1)!.steps).toHaveLength(10);
    // A checkpoint writes at once what the run holds: a reload finds its curve up to the checkpoint.
    useRunsStore.getState().appendStep(id, point(11));
    useSavedRunsStore.getState().setCheckpoint(id, 11);
    await settle();
    expect(mem.puts.length).toBe(first + 2);
    expect(mem.puts.at(-1)!.steps).toHaveLength(11);
    useRunsStore.getState().setStatus(id, 'done');
    await settle();
    expect(mem.puts.at(-1)!.status).toBe('done');
    expect(useSavedRunsStore.getState().savedAt[id]).toBeGreaterThan(0);
  });

  it('restores saved runs without writing them back; interrupted ones are over and marked', async () => {
    const x = useRunsStore.getState().addRun({ method: 'ntp', experiment, id: 'x' });
    const base = recordOf(useRunsStore.getState().runs[x]);
    useRunsStore.setState({ runs: {}, order: [] });
    const done: SavedRunRecord = { ...base, id: 'a', status: 'done', steps: [point(1), point(2)], createdAt: 1 };
    const running: SavedRunRecord = { ...base, id: 'b', method: 'mutor', label: 'MuToR', status: 'running', steps: [point(1)], createdAt: 2 };
    const mem = memoryStorage([running, done, { junk: true }]);
    stop = startRunPersistence({ storage: mem.storage });
    await vi.advanceTimersByTimeAsync(10);
    const s = useRunsStore.getState();
    expect(s.order).toEqual(['a', 'b']);
    expect(s.runs.a.status).toBe('done');
    expect(s.runs.a.steps).toHaveLength(2);
    expect(s.runs.b.status).toBe('stopped');
    expect(useSavedRunsStore.getState().restored).toEqual({ a: { interrupted: false, savedAt: done.savedAt }, b: { interrupted: true, savedAt: running.savedAt } });
    expect(mem.puts).toHaveLength(0);
    expect(useSavedRunsStore.getState().loaded).toBe(true);
  });

  it('deletes a removed run from storage', async () => {
    const mem = memoryStorage();
    stop = startRunPersistence({ storage: mem.storage });
    const id = useRunsStore.getState().addRun({ method: 'ntp', experiment });
    await vi.advanceTimersByTimeAsync(10);
    expect(mem.data.has(id)).toBe(true);
    useRunsStore.getState().removeRun(id);
    await settle();
    expect(mem.removed).toEqual([id]);
    expect(mem.data.has(id)).toBe(false);
  });

  it('finishes the removals an earlier page left marked instead of bringing the runs back', async () => {
    const x = useRunsStore.getState().addRun({ method: 'ntp', experiment, id: 'x' });
    const base = recordOf(useRunsStore.getState().runs[x]);
    useRunsStore.setState({ runs: {}, order: [] });
    const mem = memoryStorage([{ ...base, id: 'kept', createdAt: 1 }, { ...base, id: 'gone', createdAt: 2 }]);
    const kept = new Map<string, string>();
    const marks = storageRemovalMarks(() => ({ getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => void kept.set(k, v) }));
    marks.add('gone');
    marks.add('never-saved');
    const finished: string[] = [];
    stop = startRunPersistence({ storage: mem.storage, marks, finishRemoval: (id) => void finished.push(id) });
    await vi.advanceTimersByTimeAsync(10);
    expect(useRunsStore.getState().order).toEqual(['kept']);
    expect(Object.keys(useSavedRunsStore.getState().restored)).toEqual(['kept']);
    expect([...mem.data.keys()]).toEqual(['kept']);
    expect(finished.sort()).toEqual(['gone', 'never-saved']);
    expect(marks.list()).toEqual([]);
  });

  it('reports a full storage clearly and keeps the run in memory', async () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const storage: RunStorage = { list: async () => [], put: () => Promise.reject(quota), remove: async () => undefined };
    stop = startRunPersistence({ storage });
    const id = useRunsStore.getState().addRun({ method: 'mutor', experiment });
    useRunsStore.getState().appendStep(id, point(1));
    await vi.advanceTimersByTimeAsync(10);
    expect(useSavedRunsStore.getState().problem).toMatch(/storage for this page is full.*could not be saved.*stays on this page/);
    expect(useRunsStore.getState().runs[id].steps).toHaveLength(1);
  });

  it('reports a storage that cannot be opened (private mode) and still shows runs', async () => {
    const storage: RunStorage = {
      list: () => Promise.reject(new Error('this browser offers no IndexedDB')),
      put: () => Promise.reject(new Error('this browser offers no IndexedDB')),
      remove: () => Promise.reject(new Error('this browser offers no IndexedDB')),
    };
    stop = startRunPersistence({ storage });
    await vi.advanceTimersByTimeAsync(10);
    expect(useSavedRunsStore.getState().problem).toMatch(/does not let the page store data/);
    expect(useSavedRunsStore.getState().loaded).toBe(true);
  });

  it('reads back only records of its own format and checks their experiment', () => {
    expect(readRecord(null)).toBeNull();
    expect(readRecord({ format: 2, id: 'a' })).toBeNull();
    expect(readRecord({ format: 1, id: 'a', method: 'bogus', steps: [], evals: [], generations: [] })).toBeNull();
    const r = readRecord({ format: 1, id: 'a', method: 'ntp', steps: [point(1), 'x'], evals: [], generations: [], experiment: { optimizer: { lr: 7 } } });
    expect(r?.steps).toHaveLength(1);
    expect(r?.experiment.optimizer.lr).toBe(0.001);
    expect(r?.label).toBe('ntp');
  });

  it('names the cause of a storage failure', () => {
    expect(storageProblemText(new Error('boom'), 'X could not be saved')).toBe('Storage failed (boom), so X could not be saved. Runs stay on this page until you reload or close it.');
  });
});
