// Every training run the page knows about, keyed by id, and which run / example / layer / head the panels show.
// The trainer (worker client) writes into it through the actions; panels only read. Step points are compacted as
// they arrive (old ones merged pairwise, the newest kept as is) so hours of training keep a bounded history.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentConfig } from '../experiment/schema';
import { methodOf, type MethodKind } from '../methods/registry';
import type {
  AttentionSnapshot, EvalPoint, Generation, HorizonSample, RunProgress, RunStatus, RunSummary, StepPoint,
} from '../train/metrics';
import type { RunSnapshot } from '../train/snapshots';

export interface Run {
  id: string;
  label: string;
  method: MethodKind;
  /** A CSS color (a var() of the method's color) for swatches and chart lines. */
  color: string;
  /** The experiment this run was started from (a copy: later edits of the controls do not change it). */
  experiment: ExperimentConfig;
  status: RunStatus;
  error?: string;
  /** Step points, compacted (see compactSteps): recent ones exact, older ones merged. */
  steps: StepPoint[];
  evals: EvalPoint[];
  generations: Generation[];
  horizons: HorizonSample | null;
  attention: AttentionSnapshot | null;
  progress: RunProgress | null;
  summary?: RunSummary;
  /** Layers and heads of the run's model (for the attention selectors); the trainer fills it when it knows. */
  modelShape?: { nLayers: number; nHeads: number };
  /** A message about the run that is not an error (resumed from a checkpoint, a checkpoint that failed to save). */
  notice?: string;
  /** Attention and horizons stored at a few steps (gallery runs): the panels show them without a model. */
  snapshots?: RunSnapshot[];
  /** How the run was made, when it was not trained on this page (a gallery run: command, adapter, date). */
  provenance?: string;
  /** Its trained model as ONNX, when the page holds it outside the engine Worker (an imported PyTorch run's weights). */
  onnx?: Uint8Array;
  createdAt: number;
}

export interface NewRun {
  method: MethodKind;
  experiment: ExperimentConfig;
  /** Given by the trainer when it already has one; generated otherwise. */
  id?: string;
  label?: string;
  modelShape?: Run['modelShape'];
  /** 'starting' unless given (a run restored from storage comes with its final status). */
  status?: RunStatus;
}

/** What the panels look at: one run, one test example, one attention layer and head. */
export interface Selection {
  runId: string | null;
  /** True once the user picked the run; until then new runs may take the selection (MuToR first). */
  runPinned: boolean;
  example: number;
  layer: number;
  head: number;
}

type MaybeAsync = void | Promise<unknown>;

/**
 * What the run buttons do and how the live panels ask for snapshots; registered with setControls by whoever drives
 * training. A missing action disables its button; a rejected promise is shown to the user.
 */
export interface RunControls {
  /** Start one run per method of the experiment. */
  start?(experiment: ExperimentConfig): MaybeAsync;
  pause?(id: string): MaybeAsync;
  resume?(id: string): MaybeAsync;
  /** Continue a saved run (an earlier visit's) from its checkpoint in this browser. */
  resumeSaved?(id: string): MaybeAsync;
  /** One optimizer step of a paused run. */
  step?(id: string): MaybeAsync;
  stop?(id: string): MaybeAsync;
  remove?(id: string): MaybeAsync;
  /** Fetch an attention snapshot into the store (setAttention): test example, layer, head, register offset d. */
  requestAttention?(id: string, example: number, layer: number, head: number, d: number): MaybeAsync;
  /** Fetch what each register predicts on a test example at offset d into the store (setHorizons). */
  requestHorizons?(id: string, example: number, d: number): MaybeAsync;
}

export interface RunsState {
  runs: Record<string, Run>;
  /** Ids in the order runs were added (the display order). */
  order: string[];
  /** Runs the user removed whose removal can still be undone: kept here, shown nowhere (see pendingRemovals.ts). */
  hidden: Record<string, true>;
  selection: Selection;
  /** The run buttons' actions, registered by whoever drives training (empty: buttons disabled). */
  controls: RunControls;
  setControls(controls: RunControls): void;
  addRun(run: NewRun): string;
  appendStep(id: string, points: StepPoint | readonly StepPoint[]): void;
  appendEval(id: string, point: EvalPoint): void;
  setGenerations(id: string, generations: Generation[]): void;
  setHorizons(id: string, sample: HorizonSample | null): void;
  setAttention(id: string, snapshot: AttentionSnapshot | null): void;
  setStatus(id: string, status: RunStatus, error?: string): void;
  setProgress(id: string, progress: RunProgress | null): void;
  setSummary(id: string, summary: RunSummary): void;
  setNotice(id: string, notice: string | undefined): void;
  /** The run went back to `step` (resumed from a checkpoint): later points and the summary are dropped. */
  rewind(id: string, step: number): void;
  removeRun(id: string): void;
  /** Takes a run off every panel (and off the selection) without forgetting it; unhide brings it back. */
  hide(id: string): void;
  unhide(id: string): void;
  clear(): void;
  /** Changes what the panels show; choosing a run pins it (new runs no longer take the selection). */
  select(selection: Partial<Omit<Selection, 'runPinned'>>): void;
}

/** Step points kept per run before older ones are merged. */
export const MAX_STEP_POINTS = 4000;
/** The newest points are never merged. */
export const RECENT_STEP_POINTS = 2000;

/**
 * Bounds a step history: when it is longer than `cap`, every point but the first and the newest `keepRecent` is
 * merged with its neighbour (pairs, oldest first). A merged point carries the later step and the step-weighted mean
 * of the losses, rate and lr (each point stands for the steps since the point before it), and the later elapsed
 * time. Repeated compaction leaves older history ever coarser, recent history exact.
 */
export function compactSteps(points: readonly StepPoint[], cap = MAX_STEP_POINTS, keepRecent = RECENT_STEP_POINTS): StepPoint[] {
  if (points.length <= cap) return points as StepPoint[];
  const recent = Math.min(keepRecent, cap - 2);
  const headEnd = points.length - recent;
  const out: StepPoint[] = [points[0]];
  let i = 1;
  for (; i + 1 < headEnd; i += 2) out.push(mergePair(points[i - 1], points[i], points[i + 1]));
  for (; i < points.length; i++) out.push(points[i]);
  return out;
}

function mergePair(before: StepPoint, a: StepPoint, b: StepPoint): StepPoint {
  const wa = Math.max(a.step - before.step, 1e-9), wb = Math.max(b.step - a.step, 1e-9);
  const mean = (x: number, y: number) => (x * wa + y * wb) / (wa + wb);
  const aux = a.auxLoss === null ? b.auxLoss : b.auxLoss === null ? a.auxLoss : mean(a.auxLoss, b.auxLoss);
  return {
    step: b.step,
    loss: mean(a.loss, b.loss),
    ntpLoss: mean(a.ntpLoss, b.ntpLoss),
    auxLoss: aux,
    lr: mean(a.lr, b.lr),
    tokensPerSec: mean(a.tokensPerSec, b.tokensPerSec),
    elapsedMs: b.elapsedMs,
  };
}

/**
 * "MuToR" for the first MuToR run, then "MuToR 2", "MuToR 3", ...: one above the highest number in use, so a name is
 * never given twice, even after earlier runs were removed. `name` replaces the method's label ("MuToR (PyTorch)").
 */
export function defaultLabel(method: MethodKind, existing: readonly Run[], name = methodOf(method).label): string {
  const numbered = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: (\\d+))?$`);
  let highest = 0;
  for (const r of existing) {
    const m = numbered.exec(r.label);
    if (m) highest = Math.max(highest, m[1] === undefined ? 1 : Number(m[1]));
  }
  return highest === 0 ? name : `${name} ${highest + 1}`;
}

let nextId = 1;
const newId = () => `run-${Date.now().toString(36)}-${nextId++}`;

const initialSelection: Selection = { runId: null, runPinned: false, example: 0, layer: 0, head: 0 };

const LIVE: readonly RunStatus[] = ['starting', 'running', 'paused'];

/**
 * The run the live panels should show by default: the newest live run (one the engine holds), one with offsets
 * (MuToR's registers) first; with none live, the first run with offsets, then the newest. Hidden runs never.
 */
function preferredRun(runs: Record<string, Run>, order: readonly string[], hidden: Record<string, true> = {}): string | null {
  const shown = order.filter((id) => !hidden[id]);
  const newestFirst = [...shown].reverse();
  const live = newestFirst.filter((id) => LIVE.includes(runs[id].status));
  const withOffsets = (id: string) => methodOf(runs[id].method).offsets !== undefined;
  return live.find(withOffsets) ?? live[0] ?? shown.find(withOffsets) ?? newestFirst[0] ?? null;
}

export const useRunsStore = create<RunsState>((set, get) => {
  /** Applies `change` to one run; unknown ids are ignored (a late message from a removed run). */
  const update = (id: string, change: (run: Run) => Partial<Run>) =>
    set((s) => {
      const run = s.runs[id];
      if (!run) return s;
      return { runs: { ...s.runs, [id]: { ...run, ...change(run) } } };
    });

  return {
    runs: {},
    order: [],
    hidden: {},
    selection: initialSelection,
    controls: {},
    setControls: (controls) => set({ controls }),

    addRun({ method, experiment, id, label, modelShape, status = 'starting' }) {
      const runId = id ?? newId();
      const s = get();
      const run: Run = {
        id: runId,
        label: label ?? defaultLabel(method, s.order.map((o) => s.runs[o])),
        method,
        color: methodOf(method).pageColor,
        experiment: structuredClone(experiment),
        status,
        steps: [],
        evals: [],
        generations: [],
        horizons: null,
        attention: null,
        progress: null,
        modelShape,
        createdAt: Date.now(),
      };
      set((st) => {
        const runs = { ...st.runs, [runId]: run };
        const order = st.order.includes(runId) ? st.order : [...st.order, runId];
        const keep = st.selection.runPinned && st.selection.runId !== null && runs[st.selection.runId] !== undefined;
        const runIdSel = keep ? st.selection.runId : preferredRun(runs, order, st.hidden);
        return { runs, order, selection: { ...st.selection, runId: runIdSel } };
      });
      return runId;
    },

    appendStep(id, points) {
      const list = Array.isArray(points) ? points : [points as StepPoint];
      if (list.length === 0) return;
      update(id, (r) => ({ steps: compactSteps([...r.steps, ...list]) }));
    },
    appendEval: (id, point) => update(id, (r) => ({ evals: [...r.evals, point] })),
    setGenerations: (id, generations) => update(id, () => ({ generations })),
    setHorizons: (id, horizons) => update(id, () => ({ horizons })),
    setAttention: (id, attention) => update(id, () => ({ attention })),
    setStatus(id, status, error) {
      update(id, () => ({ status, error }));
      // A run that became live (resumed from a checkpoint) may now be the one to show.
      const s = get();
      if (!s.selection.runPinned && s.runs[id] && LIVE.includes(status)) {
        set({ selection: { ...s.selection, runId: preferredRun(s.runs, s.order, s.hidden) } });
      }
    },
    setProgress: (id, progress) => update(id, () => ({ progress })),
    setSummary: (id, summary) => update(id, () => ({ summary })),
    setNotice: (id, notice) => update(id, () => ({ notice })),
    rewind: (id, step) =>
      update(id, (r) => ({
        steps: r.steps.filter((p) => p.step <= step),
        evals: r.evals.filter((p) => p.step <= step),
        progress: { step, totalSteps: r.experiment.steps, stepsPerSec: r.progress?.stepsPerSec ?? 0, etaSec: r.progress?.etaSec ?? 0 },
        summary: undefined,
      })),

    removeRun(id) {
      set((s) => {
        if (!s.runs[id]) return s;
        const runs = { ...s.runs };
        delete runs[id];
        const order = s.order.filter((o) => o !== id);
        const hidden = { ...s.hidden };
        delete hidden[id];
        const removed = s.selection.runId === id;
        const runId = removed ? preferredRun(runs, order, hidden) : s.selection.runId;
        return { runs, order, hidden, selection: { ...s.selection, runId, runPinned: removed ? false : s.selection.runPinned } };
      });
    },
    hide(id) {
      set((s) => {
        if (!s.runs[id] || s.hidden[id]) return s;
        const hidden: Record<string, true> = { ...s.hidden, [id]: true };
        const moved = s.selection.runId === id;
        const runId = moved ? preferredRun(s.runs, s.order, hidden) : s.selection.runId;
        return { hidden, selection: { ...s.selection, runId, runPinned: moved ? false : s.selection.runPinned } };
      });
    },
    unhide(id) {
      set((s) => {
        if (!s.hidden[id]) return s;
        const hidden = { ...s.hidden };
        delete hidden[id];
        return { hidden };
      });
    },
    clear: () => set({ runs: {}, order: [], hidden: {}, selection: { ...get().selection, runId: null, runPinned: false } }),
    select: (selection) =>
      set((s) => ({ selection: { ...s.selection, ...selection, runPinned: selection.runId !== undefined ? true : s.selection.runPinned } })),
  };
});

/** The runs in display order, without hidden ones. */
export function selectOrderedRuns(s: Pick<RunsState, 'runs' | 'order' | 'hidden'>): Run[] {
  return s.order.filter((id) => !s.hidden[id]).map((id) => s.runs[id]);
}

/** The runs in display order; re-renders only when a run or the order changes. */
export function useOrderedRuns(): Run[] {
  return useRunsStore(useShallow(selectOrderedRuns));
}

/** The selected run, or null. */
export function useSelectedRun(): Run | null {
  return useRunsStore((s) => (s.selection.runId ? (s.runs[s.selection.runId] ?? null) : null));
}
