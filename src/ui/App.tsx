import { useEffect } from 'react';
import { useExperimentStore } from '../state/experimentStore';
import { useGpuStore } from '../state/gpuStore';
import { useRunsStore, type RunControls } from '../state/runsStore';
import {
  pauseRun, refreshAttention, refreshHorizons, removeRun, resumeRun, startExperiment, stepRun, stopRun,
} from '../state/trainerBridge';
import { ControlsPanel } from './controls/ControlsPanel';
import { LinkProblemsBanner } from './controls/LinkProblemsBanner';
import { AttentionPanel } from './panels/AttentionPanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { GenerationsPanel } from './panels/GenerationsPanel';
import { GpuPanel } from './panels/GpuPanel';
import { HorizonsPanel } from './panels/HorizonsPanel';
import { InterleavingPanel } from './panels/InterleavingPanel';
import { RunsPanel } from './panels/RunsPanel';
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

/** The run buttons and live snapshots, through the engine Worker (src/state/trainerBridge). */
const trainerControls: RunControls = {
  start: (experiment) => startExperiment(experiment),
  pause: pauseRun,
  resume: resumeRun,
  step: stepRun,
  stop: stopRun,
  remove: removeRun,
  requestAttention: refreshAttention,
  requestHorizons: refreshHorizons,
};

interface AppProps {
  /** Run buttons and snapshot requests (start, pause, resume, step, stop, remove, ...); the engine Worker's by default. */
  controls?: RunControls;
}

export function App({ controls = trainerControls }: AppProps) {
  const connect = useGpuStore((s) => s.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  const setControls = useRunsStore((s) => s.setControls);
  useEffect(() => {
    setControls(controls);
  }, [controls, setControls]);

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
          <RunsPanel />
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
