// Whether a start of runs is in flight (the Train button says "Starting…" while the engine Worker builds the runs and
// compiles their pipelines, before any run exists), how far that build has got (the Worker's 'preparing' events),
// and why the last start failed: shared by every Train button and by the leave-page prompt.
import { create } from 'zustand';
import type { PreparationCounts } from '../gpu/preparation';

export const useStartStore = create<{ starting: boolean; preparing: PreparationCounts | null; error: string | null }>(() => ({
  starting: false, preparing: null, error: null,
}));
