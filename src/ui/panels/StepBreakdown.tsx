import { useExperimentStore } from '../../state/experimentStore';
import { useProbeStore } from '../../state/probeStore';
import { formatPercent } from '../format';

/**
 * Where a training step's GPU time goes, by kernel family (matmul, attention, rmsnorm, ...): from the engine's
 * profiler on a probe of the current settings (each dispatch timed in its own pass, so use the shares).
 */
export function StepBreakdown() {
  const config = useExperimentStore((s) => s.config);
  const { report, running, error, probe } = useProbeStore();
  const kernels = report?.kernels ?? null;
  const total = kernels?.reduce((a, k) => a + k.ms, 0) ?? 0;
  return (
    <div className="selftest" data-testid="step-breakdown">
      <div className="selftest-head">
        <h3>Where a training step&apos;s time goes</h3>
        <button type="button" className="small" onClick={() => void probe(config)} disabled={running} data-testid="step-breakdown-probe">
          {running ? 'Timing…' : report ? 'Time again' : 'Time a step'}
        </button>
      </div>
      {!report && !running && <p className="muted">Times a few steps of the current settings (a throwaway run) and one step kernel by kernel.</p>}
      {error && <p className="bad" role="alert">{error}</p>}
      {report && !kernels && <p className="muted">This adapter has no timestamp queries: only the whole step is timed ({(report.stepMs / 1000).toFixed(2)} s).</p>}
      {report && kernels && (
        <table className="table" data-testid="step-breakdown-table">
          <caption className="table-caption">
            One {report.method} step of the current settings, GPU time by kernel family; the whole step took {(report.stepMs / 1000).toFixed(2)} s of wall time.
          </caption>
          <thead>
            <tr>
              <th scope="col">kernel family</th>
              <th scope="col">ms</th>
              <th scope="col">share</th>
              <th scope="col">dispatches</th>
            </tr>
          </thead>
          <tbody>
            {kernels.map((k) => (
              <tr key={k.label}>
                <td>{k.label}</td>
                <td>{k.ms.toFixed(1)}</td>
                <td>{formatPercent(total > 0 ? k.ms / total : null)}</td>
                <td>{k.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
