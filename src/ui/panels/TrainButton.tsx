import type { StartRuns } from './useStartRuns';

/** The primary "▶ Train NTP vs MuToR" button of the Runs panel and the share-link banner. */
export function TrainButton({ run, steps, testId }: { run: StartRuns; steps: number; testId: string }) {
  return (
    <button
      type="button"
      className="primary"
      disabled={run.blocked !== null}
      title={run.blocked ?? `Train ${run.methods} for ${steps} steps`}
      onClick={run.start}
      data-testid={testId}
    >
      {run.starting ? 'Starting…' : `▶ Train ${run.methods}`}
    </button>
  );
}
