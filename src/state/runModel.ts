// Which runs the page can hand out a model of (Try it, the ONNX download): a run training in the engine Worker, a saved
// run whose checkpoint this browser holds, a gallery run shipped with its model, an imported PyTorch run that came
// with its final weights. A saved run with none of these keeps its curves only.
import { galleryModelPath, useGalleryStore } from './galleryStore';
import { useRunsStore, type Run } from './runsStore';
import { useSavedRunsStore } from './savedRuns';

export interface ModelSources {
  restored: Record<string, unknown>;
  checkpoints: Record<string, number>;
  galleryModel(runId: string): boolean;
}

export function runHasModel(run: Run, s: ModelSources): boolean {
  return run.onnx !== undefined || !Object.hasOwn(s.restored, run.id) || s.checkpoints[run.id] !== undefined || s.galleryModel(run.id);
}

/** runHasModel over the page's stores, re-rendering when they change. */
export function useRunHasModel(): (run: Run) => boolean {
  const restored = useSavedRunsStore((s) => s.restored);
  const checkpoints = useSavedRunsStore((s) => s.checkpoints);
  const index = useGalleryStore((s) => s.index);
  return (run) => runHasModel(run, { restored, checkpoints, galleryModel: (id) => galleryModelPath(index, id) !== null });
}

/** The ONNX bytes the page itself holds for a run (an imported run's); null for a run whose model is elsewhere. */
export function heldRunOnnx(runId: string): Promise<Uint8Array> | null {
  const bytes = useRunsStore.getState().runs[runId]?.onnx;
  return bytes ? Promise.resolve(bytes) : null;
}
