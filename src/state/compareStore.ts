// Two runs picked in the runs table to overlay: while both exist, the panels that draw every run (curves,
// generations) draw just these two.
import { useMemo } from 'react';
import { create } from 'zustand';
import { useOrderedRuns, type Run } from './runsStore';

interface CompareState {
  /** The picked runs' ids, at most two, in the order picked. */
  picked: string[];
  /** Picks or unpicks a run; a third pick replaces the older of the two. */
  toggle(id: string): void;
  clear(): void;
}

export const useCompareStore = create<CompareState>((set) => ({
  picked: [],
  toggle: (id) => set((s) => ({ picked: s.picked.includes(id) ? s.picked.filter((p) => p !== id) : [...s.picked, id].slice(-2) })),
  clear: () => set({ picked: [] }),
}));

/** The runs the overlaying panels draw: the two picked ones while both exist, else every run. */
export function comparedRuns(runs: readonly Run[], picked: readonly string[]): Run[] {
  const pair = runs.filter((r) => picked.includes(r.id));
  return pair.length === 2 && picked.length === 2 ? pair : [...runs];
}

export function useComparedRuns(): Run[] {
  const runs = useOrderedRuns();
  const picked = useCompareStore((s) => s.picked);
  return useMemo(() => comparedRuns(runs, picked), [runs, picked]);
}
