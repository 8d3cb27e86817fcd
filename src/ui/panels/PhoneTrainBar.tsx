import { useExperimentStore } from '../../state/experimentStore';
import { TrainButton } from './TrainButton';
import { useStartRuns } from './useStartRuns';

/** On narrow screens the settings fill the first screens: this bar keeps Train at the bottom edge (CSS shows it there only). */
export function PhoneTrainBar() {
  const run = useStartRuns();
  const steps = useExperimentStore((s) => s.config.steps);
  return (
    <div className="phone-train" data-testid="phone-train">
      <span className="muted">{steps} steps each</span>
      <TrainButton run={run} steps={steps} testId="phone-start-runs" />
    </div>
  );
}
