// What a run without a model on this page shows in the Attention and Horizons panels (a gallery run, a PyTorch run
// imported with its final weights): the snapshots stored with it (src/train/snapshots.ts), the last one's attention
// and horizons first, and the model's shape for the layer and head selectors.
import { attentionFromGrid, type RunSnapshot } from '../train/snapshots';
import type { Run } from './runsStore';

/** The run's fields for `snapshots` (oldest first); `modelShape` stays as given when there are none. */
export function storedSnapshotFields(snapshots: RunSnapshot[], modelShape: Run['modelShape']): Pick<Run, 'attention' | 'horizons' | 'modelShape' | 'snapshots'> {
  const last = snapshots[snapshots.length - 1];
  return {
    attention: last ? attentionFromGrid(last.attention, 0, 0) : null,
    horizons: last?.horizons[last.horizons.length - 1] ?? null,
    modelShape: last ? { nLayers: last.attention.nLayers, nHeads: last.attention.nHeads } : modelShape,
    snapshots,
  };
}
