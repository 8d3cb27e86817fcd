// Saved runs: every run's config, curves, evaluations, generations and summary kept in this browser (IndexedDB via
// idb-keyval) so they survive a reload. Runs are written as they progress (at most every SAVE_INTERVAL_MS per run) and
// at once when they end or the engine Worker checkpoints them (src/worker/checkpointStore.ts); removing a run from the
// page deletes it from storage. On load, saved runs come back into the runs store without a live engine: their curves
// and results show, their pause/step buttons do not, and one with a checkpoint can resume from it. A run whose removal
// an earlier page left unfinished (removalMarks.ts) does not come back: its removal is finished instead.
// A failing storage (full, private mode, disabled) is reported in useSavedRunsStore.problem and never touches the
// runs in memory.
import { createStore, del, set as idbSet, values as idbValues, type UseStore } from 'idb-keyval';
import { create } from 'zustand';
import { readExperimentObject } from '../experiment';
import type { EvalPoint, Generation, RunStatus, StepPoint } from '../train/metrics';
import { isMethodKind } from '../methods/registry';
import { removalMarks, type RemovalMarks } from './removalMarks';
import { useRunsStore, type Run } from './runsStore';

/** The version of SavedRunRecord; records of another version are skipped (and left in storage). */
export const SAVED_RUN_FORMAT = 1;
/** A running run is written at most this often. */
export const SAVE_INTERVAL_MS = 2000;

/**
 * One run as stored: the page's Run (plain, structured-clone safe data) without its display color, which is derived
 * from the method on load. A status of 'running', 'paused' or 'starting' means the page went away mid-run.
 */
export interface SavedRunRecord extends Omit<Run, 'color'> {
  format: typeof SAVED_RUN_FORMAT;
  savedAt: number;
}

/** Where records live; IndexedDB on the page, a Map in tests. Every method may reject. */
export interface RunStorage {
  list(): Promise<unknown[]>;
  put(record: SavedRunRecord): Promise<void>;
  remove(id: string): Promise<void>;
}

/** IndexedDB database 'mutor-playground', object store 'saved-runs', keyed by run id. Opened on first use. */
export function indexedDbRunStorage(): RunStorage {
  let store: UseStore | null = null;
  const db = (): UseStore => {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
    store ??= createStore('mutor-playground', 'saved-runs');
    return store;
  };
  return {
    list: async () => idbValues(db()),
    put: async (record) => idbSet(record.id, record, db()),
    remove: async (id) => del(id, db()),
  };
}

/** A restored run: shown from storage, with no engine behind it. */
export interface RestoredRun {
  /** The page went away while it was running or paused: it shows as 'saved', not with a final status. */
  interrupted: boolean;
  savedAt: number;
}

interface SavedRunsState {
  /** Runs loaded from storage on this page (no live engine), by id. */
  restored: Record<string, RestoredRun>;
  /** When each run was last written (live and restored runs). */
  savedAt: Record<string, number>;
  /** Why runs could not be saved, loaded or deleted; null when storage works. Shown until dismissed (a save problem also
   * until a later write succeeds). */
  problem: string | null;
  problemFrom: 'save' | 'load' | 'delete' | null;
  /** True once the saved runs were read (or reading failed). */
  loaded: boolean;
  /** The step of each run's checkpoint in this browser (the engine Worker's), by run id: a saved run with one can resume. */
  checkpoints: Record<string, number>;
  dismissProblem(): void;
  setCheckpoint(id: string, step: number): void;
  /** A saved run trains again (resumed from its checkpoint): it is live, no longer one of the restored. */
  markLive(id: string): void;
}

export const useSavedRunsStore = create<SavedRunsState>((set) => ({
  restored: {},
  savedAt: {},
  problem: null,
  problemFrom: null,
  loaded: false,
  checkpoints: {},
  dismissProblem: () => set({ problem: null, problemFrom: null }),
  setCheckpoint: (id, step) => set((s) => ({ checkpoints: { ...s.checkpoints, [id]: step } })),
  markLive: (id) =>
    set((s) => {
      const restored = { ...s.restored };
      delete restored[id];
      return { restored };
    }),
}));

/** True for a run loaded from storage (no live engine: no ONNX, live attention or pause/step). */
export function isRestored(id: string): boolean {
  return Object.hasOwn(useSavedRunsStore.getState().restored, id);
}

export function useIsRestored(id: string | null | undefined): boolean {
  return useSavedRunsStore((s) => id != null && Object.hasOwn(s.restored, id));
}

const FINAL: readonly RunStatus[] = ['done', 'stopped', 'error'];

/** The record of a run as it is now. */
export function recordOf(run: Run, now = Date.now()): SavedRunRecord {
  return {
    format: SAVED_RUN_FORMAT,
    id: run.id,
    label: run.label,
    method: run.method,
    experiment: run.experiment,
    status: run.status,
    ...(run.error !== undefined ? { error: run.error } : {}),
    steps: run.steps,
    evals: run.evals,
    generations: run.generations,
    ...(run.summary ? { summary: run.summary } : {}),
    progress: run.progress,
    horizons: run.horizons,
    attention: run.attention,
    ...(run.modelShape ? { modelShape: run.modelShape } : {}),
    ...(run.snapshots ? { snapshots: run.snapshots } : {}),
    ...(run.provenance ? { provenance: run.provenance } : {}),
    ...(run.onnx ? { onnx: run.onnx } : {}),
    createdAt: run.createdAt,
    savedAt: now,
  };
}

/**
 * Reads a stored value back into a record; null for anything that is not one of ours (another format, damaged).
 * The experiment goes through the same checks as a config file, so an old or edited one falls back field by field.
 */
export function readRecord(value: unknown): SavedRunRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<SavedRunRecord>;
  if (r.format !== SAVED_RUN_FORMAT || typeof r.id !== 'string' || typeof r.method !== 'string' || !isMethodKind(r.method)) return null;
  if (!Array.isArray(r.steps) || !Array.isArray(r.evals) || !Array.isArray(r.generations)) return null;
  const experiment = readExperimentObject(r.experiment).config;
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    format: SAVED_RUN_FORMAT,
    id: r.id,
    label: typeof r.label === 'string' && r.label !== '' ? r.label : r.method!,
    method: r.method!,
    experiment,
    status: typeof r.status === 'string' ? r.status : 'stopped',
    ...(typeof r.error === 'string' ? { error: r.error } : {}),
    steps: r.steps.filter((p): p is StepPoint => typeof p === 'object' && p !== null && typeof p.step === 'number'),
    evals: r.evals.filter((p): p is EvalPoint => typeof p === 'object' && p !== null && typeof p.step === 'number'),
    generations: r.generations.filter((g): g is Generation => typeof g === 'object' && g !== null && typeof g.outputText === 'string'),
    ...(r.summary && typeof r.summary === 'object' ? { summary: r.summary } : {}),
    progress: r.progress && typeof r.progress === 'object' ? r.progress : null,
    horizons: r.horizons && typeof r.horizons === 'object' && Array.isArray(r.horizons.registers) ? r.horizons : null,
    attention: r.attention && typeof r.attention === 'object' && r.attention.probs instanceof Float32Array ? r.attention : null,
    ...(r.modelShape && typeof r.modelShape === 'object' ? { modelShape: r.modelShape } : {}),
    ...(Array.isArray(r.snapshots) ? { snapshots: r.snapshots } : {}),
    ...(typeof r.provenance === 'string' ? { provenance: r.provenance } : {}),
    ...(r.onnx instanceof Uint8Array ? { onnx: r.onnx } : {}),
    createdAt: num(r.createdAt, 0),
    savedAt: num(r.savedAt, 0),
  };
}

/** What the user reads when storage fails; says that nothing on the page is lost. */
export function storageProblemText(e: unknown, what: string): string {
  const name = e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException) ? (e as Error).name : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return `The browser's storage for this page is full, so ${what}. Everything stays on this page until you reload or close it; remove old runs to make room.`;
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || /IndexedDB|private|not allowed|denied/i.test(message)) {
    return `This browser does not let the page store data (private browsing, or site data turned off), so ${what}. Runs stay on this page until you reload or close it.`;
  }
  return `Storage failed (${message || name || 'unknown error'}), so ${what}. Runs stay on this page until you reload or close it.`;
}

/** The part of a run that is stored: a change in any of these (by reference) means the run needs writing. */
function persisted(run: Run): unknown[] {
  return [run.label, run.status, run.error, run.steps, run.evals, run.generations, run.summary, run.horizons, run.attention, run.modelShape, run.snapshots, run.provenance, run.onnx];
}

const sameParts = (a: unknown[] | undefined, b: unknown[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

export interface PersistenceOptions {
  storage?: RunStorage;
  intervalMs?: number;
  now?(): number;
  /** Runs removed on an earlier page whose removal was not finished (this browser's marks by default). */
  marks?: RemovalMarks;
  /** What else finishing such a removal deletes besides the stored run (the engine Worker's checkpoint of it). */
  finishRemoval?(id: string): unknown;
}

/**
 * Loads the saved runs into the runs store and keeps storage in step with it from then on: new and changed runs are
 * written (throttled per run, at once when a run ends), removed runs are deleted. Returns a function that stops
 * (and writes what is pending).
 */
export function startRunPersistence({
  storage = indexedDbRunStorage(), intervalMs = SAVE_INTERVAL_MS, now = Date.now, marks = removalMarks, finishRemoval,
}: PersistenceOptions = {}): () => void {
  let stopped = false;
  const seen = new Map<string, unknown[]>();
  /** Runs being put back from storage: not written until they hold their saved data. */
  const restoring = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastWrite = new Map<string, number>();
  const saved = useSavedRunsStore;

  const fail = (e: unknown, from: 'save' | 'load' | 'delete', what: string) => saved.setState({ problem: storageProblemText(e, what), problemFrom: from });

  const write = async (id: string): Promise<void> => {
    const run = useRunsStore.getState().runs[id];
    if (!run) return;
    const at = now();
    lastWrite.set(id, at);
    try {
      await storage.put(recordOf(run, at));
      if (!useRunsStore.getState().runs[id]) return; // removed while it was written (the delete follows)
      saved.setState((s) => ({ savedAt: { ...s.savedAt, [id]: at }, ...(s.problemFrom === 'save' ? { problem: null, problemFrom: null } : {}) }));
    } catch (e) {
      fail(e, 'save', `${run.label} could not be saved`);
    }
  };

  const schedule = (id: string, immediate: boolean) => {
    const pending = timers.get(id);
    if (immediate) {
      if (pending !== undefined) clearTimeout(pending);
      timers.delete(id);
      void write(id);
      return;
    }
    if (pending !== undefined) return;
    const wait = Math.max(0, (lastWrite.get(id) ?? -Infinity) + intervalMs - now());
    timers.set(id, setTimeout(() => {
      timers.delete(id);
      void write(id);
    }, Number.isFinite(wait) ? wait : 0));
  };

  const forget = (id: string) => {
    const pending = timers.get(id);
    if (pending !== undefined) clearTimeout(pending);
    timers.delete(id);
    seen.delete(id);
    lastWrite.delete(id);
    saved.setState((s) => {
      const restored = { ...s.restored };
      const savedAt = { ...s.savedAt };
      const checkpoints = { ...s.checkpoints };
      delete restored[id];
      delete savedAt[id];
      delete checkpoints[id];
      return { restored, savedAt, checkpoints };
    });
    storage.remove(id).catch((e: unknown) => fail(e, 'delete', 'a removed run could not be deleted from storage (it may come back after a reload)'));
  };

  const sync = (runs: Record<string, Run>) => {
    if (stopped) return;
    for (const [id, run] of Object.entries(runs)) {
      if (restoring.has(id)) continue;
      const parts = persisted(run);
      const before = seen.get(id);
      if (sameParts(before, parts)) continue;
      seen.set(id, parts);
      // A run that just ended (or got its summary, which follows the final status) is written at once.
      const ended = FINAL.includes(run.status) && (before === undefined || before[1] !== run.status || before[6] !== run.summary);
      schedule(id, ended);
    }
    for (const id of [...seen.keys()]) if (!Object.hasOwn(runs, id)) forget(id);
  };

  /** Deletes a run an earlier page was removing (stored run, then what finishRemoval deletes), then its mark. */
  const finishMarkedRemoval = async (id: string) => {
    try {
      await storage.remove(id);
      await finishRemoval?.(id);
      marks.delete(id);
    } catch (e) {
      fail(e, 'delete', 'a removed run could not be deleted from storage (it stays hidden)');
    }
  };

  // Restore first (the restored runs are marked as seen, so they are not written back), then follow the store.
  const restore = async () => {
    const removed = new Set(marks.list());
    let records: SavedRunRecord[] = [];
    try {
      records = (await storage.list()).map(readRecord).filter((r): r is SavedRunRecord => r !== null && !removed.has(r.id));
    } catch (e) {
      fail(e, 'load', 'saved runs could not be read and new runs will not be kept');
    }
    for (const id of removed) void finishMarkedRemoval(id);
    if (stopped) return;
    records.sort((a, b) => a.createdAt - b.createdAt);
    const store = useRunsStore.getState();
    const fresh = records.filter((r) => !store.runs[r.id]);
    saved.setState((s) => ({
      loaded: true,
      restored: { ...s.restored, ...Object.fromEntries(fresh.map((r) => [r.id, { interrupted: !FINAL.includes(r.status), savedAt: r.savedAt }])) },
      savedAt: { ...s.savedAt, ...Object.fromEntries(fresh.map((r) => [r.id, r.savedAt])) },
    }));
    for (const r of fresh) {
      restoring.add(r.id);
      // No engine holds it any more: a run that was interrupted is over (shown as 'saved').
      const status = FINAL.includes(r.status) ? r.status : 'stopped';
      store.addRun({ id: r.id, method: r.method, experiment: r.experiment, label: r.label, modelShape: r.modelShape, status });
      useRunsStore.setState((s) => {
        const run = s.runs[r.id];
        if (!run) return s;
        const restored: Run = {
          ...run,
          status,
          ...(r.error !== undefined ? { error: r.error } : {}),
          steps: r.steps,
          evals: r.evals,
          generations: r.generations,
          ...(r.summary ? { summary: r.summary } : {}),
          progress: r.progress,
          horizons: r.horizons,
          attention: r.attention,
          ...(r.snapshots ? { snapshots: r.snapshots } : {}),
          ...(r.provenance ? { provenance: r.provenance } : {}),
          ...(r.onnx ? { onnx: r.onnx } : {}),
          createdAt: r.createdAt,
        };
        seen.set(r.id, persisted(restored));
        return { runs: { ...s.runs, [r.id]: restored } };
      });
      restoring.delete(r.id);
    }
  };

  const unsubscribe = useRunsStore.subscribe((s) => sync(s.runs));
  // A new checkpoint writes its run at once: a reload then finds the curve up to the step Resume continues from.
  const unsubscribeCheckpoints = saved.subscribe((s, before) => {
    if (stopped || s.checkpoints === before.checkpoints) return;
    for (const [id, step] of Object.entries(s.checkpoints)) if (step !== before.checkpoints[id] && seen.has(id) && !s.restored[id]) schedule(id, true);
  });
  // Runs already on the page (started before this) are written too.
  sync(useRunsStore.getState().runs);
  void restore();

  const flush = () => {
    for (const id of [...timers.keys()]) schedule(id, true);
  };
  const onHide = () => flush();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onHide);

  return () => {
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', onHide);
    flush();
    stopped = true;
    unsubscribe();
    unsubscribeCheckpoints();
  };
}
