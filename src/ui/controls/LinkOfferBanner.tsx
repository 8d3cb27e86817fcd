import { useEffect } from 'react';
import { useExperimentStore } from '../../state/experimentStore';
import { TrainButton } from '../panels/TrainButton';
import { useStartRuns } from '../panels/useStartRuns';
import { valueLabel } from './valueLabels';

/** Link problems that replaced the whole experiment with the defaults (a version it cannot read, an overlong link). */
export function linkFellBack(problems: readonly { field: string | null; key: string }[]): boolean {
  return problems.some((p) => p.field === 'version' || (p.field === null && p.key === ''));
}

/**
 * Shown when the page was opened from a share link: says what the link describes and offers to train it. Nothing
 * starts by itself (training is heavy); the banner goes away once training starts or the user says "Not now".
 */
export function LinkOfferBanner({ onClose }: { onClose(): void }) {
  const config = useExperimentStore((s) => s.config);
  const problems = useExperimentStore((s) => s.linkProblems);
  const run = useStartRuns();
  const { methods, starting } = run;
  useEffect(() => {
    if (starting) onClose();
  }, [starting, onClose]);
  if (linkFellBack(problems)) return null;
  const model = config.model.id === 'file' ? `, from your file ${config.model.fileName}` : '';
  return (
    <section className="banner banner-offer" aria-labelledby="link-offer-title" data-testid="link-offer">
      <div className="banner-row">
        <div>
          <h2 id="link-offer-title" className="banner-title">
            This link describes an experiment{config.name ? ` (${config.name})` : ''}: Train {methods}
          </h2>
          <p className="banner-help">
            {valueLabel(config.task.name)}, {config.steps} steps per method{model}. The Experiment settings come from the link
            {problems.length > 0 ? ', except the ones listed above' : ''}; nothing runs until you press Train.
          </p>
        </div>
        <div className="banner-actions">
          <TrainButton run={run} steps={config.steps} testId="link-offer-train" />
          <button type="button" className="small" onClick={onClose} data-testid="link-offer-dismiss">
            Not now
          </button>
        </div>
      </div>
    </section>
  );
}
