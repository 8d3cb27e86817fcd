import { methodConfig, methodOf } from '../../methods/registry';
import type { Run } from '../../state/runsStore';
import { snapshotOffset, usePreviewView } from './layoutPreview';
import { usePreview } from './usePreview';

/** The register offset for a run's live snapshots: the one Register interleaving shows, within the run's offsets. */
export function useLiveOffset(run: Run | null): number {
  const view = usePreviewView((s) => s.view);
  const { result } = usePreview();
  const largest = run ? (methodOf(run.method).offsets?.max(methodConfig(run.method, run.experiment.method)) ?? 1) : 1;
  return snapshotOffset(largest, view, result.ok ? result.preview.d : 0);
}
