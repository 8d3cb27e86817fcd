// The pre-run probe of the current experiment (src/worker/probe.ts), asked for by the user: its estimated wall time
// beside Train and its kernel breakdown in the GPU panel. A report belongs to the settings it was made for.
import { create } from 'zustand';
import { encodeLink, type ExperimentConfig } from '../experiment';
import { engineClient } from '../worker/client';
import type { ProbeReport } from '../worker/methods';
import { useMemoryStore } from './memoryStore';
import { modelFileBytesFor } from './modelFileStore';

interface ProbeState {
  /** The latest report and the share link of the settings it measured. */
  report: ProbeReport | null;
  link: string | null;
  running: boolean;
  error: string | null;
  probe(experiment: ExperimentConfig): Promise<void>;
}

export const useProbeStore = create<ProbeState>((set, get) => ({
  report: null,
  link: null,
  running: false,
  error: null,
  async probe(experiment) {
    if (get().running) return;
    set({ running: true, error: null });
    try {
      const params = {
        experiment: structuredClone(experiment), baseUrl: document.baseURI, fileBytes: modelFileBytesFor(experiment), memoryBudget: useMemoryStore.getState().budget,
      };
      const report = await engineClient().call('probe', params);
      set({ report, link: encodeLink(experiment) });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      set({ running: false });
    }
  },
}));
