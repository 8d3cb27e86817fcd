// Takes a RunSnapshot of a live run (src/train/snapshots.ts): every layer and head's attention on one test example at
// the largest offset the run trains, and its registers' predictions at every offset it trains.
import { methodOf } from '../methods/registry';
import type { TrainingRun } from './run';
import { attentionGrid, type RunSnapshot } from './snapshots';

/** The offsets d a run's layouts take (dMin..dMax for a method with offsets), or [0] for one without. */
export function trainedOffsets(run: TrainingRun): number[] {
  const max = methodOf(run.method.kind).offsets?.max(run.method);
  if (max === undefined) return [0];
  const min = Math.min(run.method.dMin, max);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

export async function captureSnapshot(run: TrainingRun, example = 0): Promise<RunSnapshot> {
  const offsets = trainedOffsets(run);
  const d = offsets[offsets.length - 1];
  const { nLayers, nHeads } = run.config;
  const shots = [];
  for (let layer = 0; layer < nLayers; layer++) for (let head = 0; head < nHeads; head++) shots.push(await run.attention(example, layer, head, d));
  const horizons = [];
  for (const k of offsets) horizons.push({ d: k, ...(await run.horizons(example, k)) });
  return { step: run.step, attention: attentionGrid(d, shots, nLayers, nHeads), horizons };
}
