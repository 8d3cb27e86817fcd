import { encodeLink } from '../../experiment';
import { useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';
import { useProbeStore } from '../../state/probeStore';
import { formatDuration } from '../format';

/**
 * Beside Train: how long these settings would take on this adapter, from a short probe (a few steps of a throwaway
 * run) the user asks for; the estimate is dropped when the settings change.
 */
export function TimeEstimate() {
  const config = useExperimentStore((s) => s.config);
  const ready = useGpuStore((s) => s.status === 'ready');
  const { report, link, running, error, probe } = useProbeStore();
  if (!ready) return null;
  const current = report && link === encodeLink(config) ? report : null;
  if (current) {
    return (
      <span
        className="time-estimate"
        data-testid="time-estimate"
        data-seconds={Math.round(current.seconds)}
        title={`Probe: ${(current.stepMs / 1000).toFixed(2)} s a step, first step (building and compiling) ${(current.firstStepMs / 1000).toFixed(1)} s; evaluations included`}
      >
        about {formatDuration(current.seconds)} here
      </span>
    );
  }
  return (
    <span className="time-estimate">
      <button
        type="button"
        className="small"
        disabled={running}
        onClick={() => void probe(config)}
        title="Time a few steps of these settings on this adapter (a throwaway run) to estimate how long training takes"
        data-testid="time-estimate-probe"
      >
        {running ? 'Timing a few steps…' : 'Estimate time'}
      </button>
      {error && (
        <span className="field-problem" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
