import { useId } from 'react';
import { useOrderedRuns, useRunsStore, type Run } from '../../state/runsStore';

interface RunPickerProps {
  /** Only runs passing this are offered (e.g. runs with registers); all when absent. */
  filter?(run: Run): boolean;
  /** The run shown as chosen when the panel shows another than the selection (default: the selection). */
  shownId?: string | null;
}

/** Which run the live panels show: one radio per run, with its method color. Shared by every live panel. */
export function RunPicker({ filter, shownId }: RunPickerProps) {
  const runs = useOrderedRuns().filter((r) => !filter || filter(r));
  const selectedRun = useRunsStore((s) => s.selection.runId);
  const selected = shownId === undefined ? selectedRun : shownId;
  const select = useRunsStore((s) => s.select);
  const name = useId();
  if (runs.length === 0) return null;
  return (
    <fieldset className="segmented run-picker">
      <legend className="segmented-label">Run</legend>
      <div className="segmented-options">
        {runs.map((r) => (
          <label key={r.id} className="segment">
            <input type="radio" name={name} checked={r.id === selected} onChange={() => select({ runId: r.id })} />
            <span>
              <i className="dot" style={{ background: r.color }} aria-hidden />
              {r.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
