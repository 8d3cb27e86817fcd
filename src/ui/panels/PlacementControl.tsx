import type { Placement } from '../../methods/knobs';
import { useExperimentStore } from '../../state/experimentStore';
import { Segmented } from '../controls/Segmented';

const OPTIONS: readonly { value: Placement; label: string; title: string }[] = [
  { value: 'all', label: 'all', title: 'A register before every answer token (the paper’s default)' },
  { value: 'everyK', label: 'every k', title: 'Answer slots 0, k, 2k, … get a register' },
  { value: 'fraction', label: 'fraction', title: 'A random share of the answer slots, drawn per sequence' },
];

/** Register placement of the experiment (the same field as in the controls), with its k or fraction. */
export function PlacementControl({ onRedraw }: { onRedraw(): void }) {
  const method = useExperimentStore((s) => s.config.method);
  const setField = useExperimentStore((s) => s.setField);
  return (
    <div className="placement">
      <Segmented
        label="Placement"
        value={method.placement}
        options={OPTIONS}
        onChange={(p) => setField('method.placement', p)}
        testId="preview-placement"
      />
      {method.placement === 'everyK' && (
        <label className="inline-field">
          k
          <input
            type="number"
            min={1}
            max={64}
            step={1}
            value={method.placementK}
            onChange={(e) => {
              const k = Number(e.target.value);
              if (Number.isInteger(k) && k >= 1 && k <= 64) setField('method.placementK', k);
            }}
          />
        </label>
      )}
      {method.placement === 'fraction' && (
        <>
          <label className="inline-field">
            share of answer slots
            <input
              type="number"
              min={0.05}
              max={1}
              step={0.05}
              value={method.placementFraction}
              onChange={(e) => {
                const f = Number(e.target.value);
                if (f > 0 && f <= 1) setField('method.placementFraction', f);
              }}
            />
          </label>
          <button type="button" className="small" onClick={onRedraw}>
            Redraw
          </button>
        </>
      )}
    </div>
  );
}
