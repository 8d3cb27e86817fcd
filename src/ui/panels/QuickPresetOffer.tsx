import { create } from 'zustand';
import { encodeLink, presetById, type Preset } from '../../experiment';
import { useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';

/** The preset a software adapter finishes in about a minute. */
const QUICK_PRESET = 'tiny';

/** Closed by "Keep these settings" (in the runs panel and on the phone bar alike), for this page. */
const useOfferClosed = create<{ closed: boolean }>(() => ({ closed: false }));

/**
 * On a software adapter (no GPU: every step runs on the CPU) larger experiments take tens of minutes: the quick preset
 * is offered until the user takes it or keeps their settings. Null when there is nothing to offer.
 */
export function useQuickPreset(): { preset: Preset; use(): void; close(): void } | null {
  const software = useGpuStore((s) => s.adapter?.isFallbackAdapter === true);
  const config = useExperimentStore((s) => s.config);
  const setConfig = useExperimentStore((s) => s.setConfig);
  const closed = useOfferClosed((s) => s.closed);
  const preset = presetById(QUICK_PRESET)!;
  if (!software || closed || encodeLink(config) === encodeLink(preset.config)) return null;
  return { preset, use: () => setConfig(preset.config), close: () => useOfferClosed.setState({ closed: true }) };
}

/** The offer beside the Train button of the runs panel. */
export function QuickPresetOffer() {
  const steps = useExperimentStore((s) => s.config.steps);
  const offer = useQuickPreset();
  if (!offer) return null;
  return (
    <div className="note quick-offer" role="status" data-testid="quick-preset-offer">
      <span>
        This browser has no GPU for WebGPU (it runs on the CPU), so {steps} steps per method can take tens of minutes.
        For a first look, the <b>{offer.preset.title}</b> preset trains in about a minute.
      </span>
      <span className="quick-offer-buttons">
        <button type="button" className="small" onClick={offer.use} data-testid="quick-preset-use">
          Use {offer.preset.title}
        </button>
        <button type="button" className="small" onClick={offer.close}>
          Keep these settings
        </button>
      </span>
    </div>
  );
}
