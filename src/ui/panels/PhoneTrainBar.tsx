import { useExperimentStore } from '../../state/experimentStore';
import { useQuickPreset } from './QuickPresetOffer';
import { TrainButton } from './TrainButton';
import { useStartRuns } from './useStartRuns';

/**
 * On narrow screens the settings fill the first screens: this bar keeps Train (and, on a software adapter, the quick
 * preset) at the bottom edge. CSS shows it on narrow screens only.
 */
export function PhoneTrainBar() {
  const run = useStartRuns();
  const steps = useExperimentStore((s) => s.config.steps);
  const quick = useQuickPreset();
  return (
    <div className="phone-train" data-testid="phone-train">
      {quick ? (
        <button type="button" className="small" onClick={quick.use} title={`${steps} steps per method can take tens of minutes without a GPU`}>
          Quick: {quick.preset.title}
        </button>
      ) : (
        <span className="muted">{steps} steps each</span>
      )}
      <TrainButton run={run} steps={steps} testId="phone-start-runs" />
    </div>
  );
}
