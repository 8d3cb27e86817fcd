import { formatPreparing } from '../format';
import type { StartRuns } from './useStartRuns';

/** The primary "▶ Train NTP vs MuToR" button of the Runs panel and the share-link banner; while starting, the
 * kernels compiled so far ("Starting… 12 / 40", the whole story in its title and in StartProgress). */
export function TrainButton({ run, steps, testId }: { run: StartRuns; steps: number; testId: string }) {
  const p = run.starting ? run.preparing : null;
  return (
    <button
      type="button"
      className="primary"
      disabled={run.blocked !== null}
      title={p ? formatPreparing(p) : (run.blocked ?? `Train ${run.methods} for ${steps} steps`)}
      onClick={run.start}
      data-testid={testId}
    >
      {run.starting ? `Starting…${p ? ` ${p.kernels.done} / ${p.kernels.total}` : ''}` : `▶ Train ${run.methods}`}
    </button>
  );
}
