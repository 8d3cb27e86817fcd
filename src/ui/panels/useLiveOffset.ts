import type { Run } from '../../state/runsStore';
import { snapshotOffset, usePreviewView } from './layoutPreview';
import { usePreview } from './usePreview';

/** The register offset d for a run's live snapshots: the one Register interleaving shows, within the run's d max. */
export function useLiveOffset(run: Run | null): number {
  const view = usePreviewView((s) => s.view);
  const { result } = usePreview();
  return snapshotOffset(run?.experiment.method.dMax ?? 1, view, result.ok ? result.preview.d : 0);
}
