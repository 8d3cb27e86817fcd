import { useEffect } from 'react';
import { describeTrainedShare, formatBytes } from '../../engine/memoryBudget';
import { encodeLink } from '../../experiment';
import { useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';
import { useMemoryStore } from '../../state/memoryStore';
import { useModelFileStore } from '../../state/modelFileStore';
import { useRunsStore } from '../../state/runsStore';

const MiB = 1024 ** 2;

/** The GPU memory the experiment's runs would take together (batch, sequence length, model, methods), and the budget. */
export function MemoryEstimate() {
  const config = useExperimentStore((s) => s.config);
  const ready = useGpuStore((s) => s.status === 'ready');
  const fileSha = useModelFileStore((s) => s.file?.sha256);
  const openRuns = useRunsStore((s) => Object.keys(s.runs).length);
  const { budget, report, error, setBudget, refresh } = useMemoryStore();
  const link = encodeLink(config);
  useEffect(() => {
    if (ready) refresh(useExperimentStore.getState().config);
  }, [ready, link, budget, fileSha, openRuns, refresh]);
  if (!ready) return null;
  const perRun = report?.runs.map((r) => `${r.kind} ${formatBytes(r.bytes)} (T ${r.T})`).join(' · ');
  return (
    <div className="field memory-estimate" data-testid="memory-estimate">
      <label htmlFor="memory-budget" className="field-label">
        GPU memory
      </label>
      {report && (
        <p className="field-note" data-testid="memory-total">
          {formatBytes(report.bytes)} for {report.runs.length} run{report.runs.length === 1 ? '' : 's'} at once{perRun ? `: ${perRun}` : ''}
          {report.inUse > 0 ? `, with ${formatBytes(report.inUse)} held by open runs` : ''}
        </p>
      )}
      {report?.runs.map((r) => (
        <p className="field-note" key={r.kind} data-testid="memory-trained">
          {r.kind}: {describeTrainedShare(r)}
        </p>
      ))}
      {(report?.refusal ?? error) && (
        <p className="field-problem" role="alert" data-testid="memory-refusal">
          {report?.refusal ?? error}
        </p>
      )}
      <span className="field-note">
        Budget{' '}
        <input
          id="memory-budget"
          type="number"
          min={1}
          step={256}
          defaultValue={Math.round(budget / MiB)}
          onBlur={(e) => {
            const mib = Number(e.currentTarget.value);
            if (Number.isFinite(mib) && mib >= 1) setBudget(Math.round(mib) * MiB);
          }}
          data-testid="memory-budget"
        />{' '}
        MiB
      </span>
    </div>
  );
}
