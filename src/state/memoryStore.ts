// The GPU memory budget of the page (a setting kept in this browser) and the Worker's estimate for the current
// experiment: what the controls show next to the fields, and what blocks Train when the runs would not fit.
import { create } from 'zustand';
import { DEFAULT_GPU_BUDGET } from '../engine/memoryBudget';
import type { ExperimentConfig } from '../experiment/schema';
import { engineClient } from '../worker/client';
import type { MemoryReport } from '../worker/methods';
import type { DataFile } from '../tasks';
import { dataFileFor } from './dataFileStore';
import { modelFileBytesFor } from './modelFileStore';

const BUDGET_KEY = 'mutor.gpuBudgetBytes';
const MiB = 1024 ** 2;
/** Settings changes within this many ms make one estimate. */
const DEBOUNCE_MS = 300;

interface MemoryState {
  budget: number;
  report: MemoryReport | null;
  /** Why no estimate could be made (no GPU, the base model failed to load). */
  error: string | null;
  setBudget(bytes: number): void;
  /** Asks the Worker for a new estimate (debounced; the latest request wins). */
  refresh(experiment: ExperimentConfig): void;
}

function storedBudget(): number {
  const v = Number(globalThis.localStorage?.getItem(BUDGET_KEY));
  return Number.isFinite(v) && v >= MiB ? v : DEFAULT_GPU_BUDGET;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let latest = 0;

export const useMemoryStore = create<MemoryState>((set, get) => ({
  budget: storedBudget(),
  report: null,
  error: null,
  setBudget(bytes) {
    globalThis.localStorage?.setItem(BUDGET_KEY, String(bytes));
    set({ budget: bytes });
  },
  refresh(experiment) {
    clearTimeout(timer);
    const request = ++latest;
    timer = setTimeout(() => {
      let fileBytes: Uint8Array | undefined;
      let dataFile: DataFile | undefined;
      try {
        fileBytes = modelFileBytesFor(experiment);
        dataFile = dataFileFor(experiment);
      } catch {
        // The experiment names a model or data file the page does not hold yet: no estimate until it is chosen. The
        // file's own control already says so; saying it here too put the same message in a third place.
        set({ report: null, error: null });
        return;
      }
      const params = { experiment: structuredClone(experiment), baseUrl: document.baseURI, fileBytes, dataFile, memoryBudget: get().budget };
      engineClient().call('memory', params).then(
        (report) => request === latest && set({ report, error: null }),
        (e: unknown) => request === latest && set({ report: null, error: e instanceof Error ? e.message : String(e) }),
      );
    }, DEBOUNCE_MS);
  },
}));
