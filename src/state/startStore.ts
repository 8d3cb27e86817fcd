// Whether a start of runs is in flight (the Train button says "Starting…" while the engine Worker builds the runs and
// compiles their pipelines, before any run exists) and why the last one failed: shared by every Train button and by
// the leave-page prompt.
import { create } from 'zustand';

export const useStartStore = create<{ starting: boolean; error: string | null }>(() => ({ starting: false, error: null }));
