import { formatPreparing } from '../format';
import type { StartRuns } from './useStartRuns';

/** Between Train and the first step: what the engine Worker is preparing (on a CPU rasterizer compiles take seconds). */
export function StartProgress({ run }: { run: StartRuns }) {
  if (!run.starting) return null;
  return (
    <p className="note start-progress" role="status" data-testid="start-progress">
      Preparing the GPU: {run.preparing ? formatPreparing(run.preparing) : 'loading the model and data'}…
    </p>
  );
}
