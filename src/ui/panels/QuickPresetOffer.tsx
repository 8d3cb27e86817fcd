import { useState } from 'react';
import { encodeLink, presetById } from '../../experiment';
import { useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';

/** The preset a software adapter finishes in about a minute. */
const QUICK_PRESET = 'tiny';

/**
 * On a software adapter (no GPU: every step runs on the CPU) larger experiments take tens of minutes: offer the quick
 * preset beside the Train button, until the user takes it or closes the offer.
 */
export function QuickPresetOffer() {
  const software = useGpuStore((s) => s.adapter?.isFallbackAdapter === true);
  const config = useExperimentStore((s) => s.config);
  const setConfig = useExperimentStore((s) => s.setConfig);
  const [closed, setClosed] = useState(false);
  const quick = presetById(QUICK_PRESET)!;
  if (!software || closed || encodeLink(config) === encodeLink(quick.config)) return null;
  return (
    <div className="note quick-offer" role="status" data-testid="quick-preset-offer">
      <span>
        This browser has no GPU for WebGPU (it runs on the CPU), so {config.steps} steps per method can take tens of
        minutes. For a first look, the <b>{quick.title}</b> preset trains in about a minute.
      </span>
      <span className="quick-offer-buttons">
        <button type="button" className="small" onClick={() => setConfig(quick.config)} data-testid="quick-preset-use">
          Use {quick.title}
        </button>
        <button type="button" className="small" onClick={() => setClosed(true)}>
          Keep these settings
        </button>
      </span>
    </div>
  );
}
