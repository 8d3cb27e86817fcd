import { useEffect } from 'react';
import { useExperimentStore } from '../state/experimentStore';
import { useGpuStore } from '../state/gpuStore';
import { ControlsPanel } from './controls/ControlsPanel';
import { LinkProblemsBanner } from './controls/LinkProblemsBanner';
import { AttentionPanel } from './panels/AttentionPanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { GenerationsPanel } from './panels/GenerationsPanel';
import { GpuPanel } from './panels/GpuPanel';
import { HorizonsPanel } from './panels/HorizonsPanel';
import { InterleavingPanel } from './panels/InterleavingPanel';
import { RunsPanel, type RunControls } from './panels/RunsPanel';
import { WebGpuBanner } from './WebGpuBanner';

const PAPER_URL = 'https://arxiv.org/abs/2505.10518';

/** Puts the link in the address bar and on the clipboard; false when the clipboard refused. */
async function copyLink(link: string): Promise<boolean> {
  const hash = `#${link}`;
  window.history.replaceState(null, '', hash);
  try {
    await navigator.clipboard.writeText(`${window.location.origin}${window.location.pathname}${hash}`);
    return true;
  } catch {
    return false;
  }
}

interface AppProps {
  /**
   * Run buttons (start, pause, resume, step, stop, remove). When absent, the actions registered with
   * useRunsStore.getState().setControls(...) are used; missing ones are disabled.
   */
  controls?: RunControls;
}

export function App({ controls }: AppProps) {
  const connect = useGpuStore((s) => s.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  const loadLink = useExperimentStore((s) => s.loadLink);
  useEffect(() => {
    const fromHash = () => loadLink(window.location.hash);
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [loadLink]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to the panels
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden>
            M
          </span>
          <div>
            <h1>MuToR playground</h1>
            <p className="tagline">
              Register tokens interleaved in training learn to predict tokens further ahead, then are dropped at inference:
              multi-token prediction at no inference cost.{' '}
              <a href={PAPER_URL} target="_blank" rel="noreferrer">
                Paper: arXiv 2505.10518
              </a>
            </p>
          </div>
        </div>
        <GpuPanel />
      </header>
      <WebGpuBanner />
      <div className="app-body">
        <aside className="sidebar" aria-label="Experiment settings">
          <ControlsPanel onCopyLink={copyLink} />
        </aside>
        <main className="app-main" id="main" tabIndex={-1}>
          <LinkProblemsBanner />
          <RunsPanel controls={controls} />
          <div className="panel-grid">
            <InterleavingPanel />
            <AttentionPanel />
            <CurvesPanel />
            <HorizonsPanel />
            <GenerationsPanel />
          </div>
        </main>
      </div>
    </div>
  );
}
