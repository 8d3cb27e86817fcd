import { useCallback, useEffect, useState } from 'react';
import { useExperimentStore } from '../state/experimentStore';
import { galleryRunOnnx } from '../state/galleryStore';
import { useGpuStore } from '../state/gpuStore';
import { useRunsStore, type Run, type RunControls } from '../state/runsStore';
import { modelFileBytesFor } from '../state/modelFileStore';
import { heldRunOnnx } from '../state/runModel';
import { importTorchFiles } from '../state/torchImport';
import { startRunPersistence } from '../state/savedRuns';
import { startSettingsPersistence } from '../state/settingsPersistence';
import {
  exportRunOnnx, exportRunTorchJob, loadCheckpointSteps, pauseRun, refreshAttention, refreshHorizons, removeRun, resumeRun, resumeSavedRun, startExperiment,
  stepRun, stopRun,
} from '../state/trainerBridge';
import { ControlsPanel, type CopyResult } from './controls/ControlsPanel';
import { LinkOfferBanner } from './controls/LinkOfferBanner';
import { LinkProblemsBanner } from './controls/LinkProblemsBanner';
import { AttentionPanel } from './panels/AttentionPanel';
import { CurvesPanel } from './panels/CurvesPanel';
import { GalleryPanel } from './panels/GalleryPanel';
import { GenerationsPanel } from './panels/GenerationsPanel';
import { GpuPanel } from './panels/GpuPanel';
import { HorizonsPanel } from './panels/HorizonsPanel';
import { InterleavingPanel } from './panels/InterleavingPanel';
import { PhoneTrainBar } from './panels/PhoneTrainBar';
import { RunsPanel } from './panels/RunsPanel';
import { RunsTable } from './panels/RunsTable';
import { TryItPanel } from './panels/TryItPanel';
import { useLeaveGuard } from './useLeaveGuard';
import { WebGpuBanner } from './WebGpuBanner';

const PAPER_URL = 'https://arxiv.org/abs/2505.10518';

/** Puts the link in the address bar and the full URL on the clipboard (copied: false where the clipboard refused). */
async function copyLink(link: string): Promise<CopyResult> {
  const hash = `#${link}`;
  window.history.replaceState(null, '', hash);
  const url = `${window.location.origin}${window.location.pathname}${window.location.search}${hash}`;
  try {
    // No clipboard API outside secure contexts (and in some embedded browsers).
    if (typeof navigator.clipboard?.writeText !== 'function') return { copied: false, url };
    await navigator.clipboard.writeText(url);
    return { copied: true, url };
  } catch {
    return { copied: false, url };
  }
}

/** The run buttons and live snapshots, through the engine Worker (src/state/trainerBridge). */
const trainerControls: RunControls = {
  start: (experiment) => startExperiment(experiment, modelFileBytesFor(experiment)),
  pause: pauseRun,
  resume: resumeRun,
  resumeSaved: resumeSavedRun,
  step: stepRun,
  stop: stopRun,
  remove: removeRun,
  requestAttention: refreshAttention,
  requestHorizons: refreshHorizons,
};

/** A run's model as ONNX: an imported run's, a gallery run's shipped file, else the engine Worker's export (live
 * weights or checkpoint). */
const runOnnx = (id: string) => heldRunOnnx(id) ?? galleryRunOnnx(id, document.baseURI) ?? exportRunOnnx(id);

/** A run's experiment (its method alone) as a zipped PyTorch job, made by the engine Worker from the base model. */
const runTorchJob = (run: Run) => exportRunTorchJob(run.experiment, run.method);

interface AppProps {
  /** Run buttons and snapshot requests (start, pause, resume, step, stop, remove, ...); the engine Worker's by default. */
  controls?: RunControls;
  /** Keep runs in this browser's storage and bring saved ones back (default true). */
  persist?: boolean;
}

export function App({ controls = trainerControls, persist = true }: AppProps) {
  const connect = useGpuStore((s) => s.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  const setControls = useRunsStore((s) => s.setControls);
  useEffect(() => {
    setControls(controls);
  }, [controls, setControls]);

  // A removal an earlier page left unfinished is finished here: the stored run, then the engine's checkpoint of it.
  useEffect(() => (persist ? startRunPersistence({ finishRemoval: controls.remove }) : undefined), [persist, controls]);
  // Before the link is read: a link in the address bar wins over the settings kept from the last visit.
  useEffect(() => (persist ? startSettingsPersistence(window.location.hash.replace(/^#/, '') !== '') : undefined), [persist]);
  useLeaveGuard();
  useEffect(() => {
    // Only with the engine Worker's controls: its checkpoints are what Resume continues from.
    if (persist && controls === trainerControls) {
      loadCheckpointSteps().catch((e: unknown) => console.warn('checkpoints could not be listed:', e));
    }
  }, [persist, controls]);

  // Opening a share link fills the controls and offers to train it (never starts by itself).
  const [offer, setOffer] = useState(false);
  const closeOffer = useCallback(() => setOffer(false), []);
  const loadLink = useExperimentStore((s) => s.loadLink);
  useEffect(() => {
    const fromHash = () => {
      loadLink(window.location.hash);
      setOffer(window.location.hash.replace(/^#/, '') !== '');
    };
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
          {offer && <LinkOfferBanner onClose={closeOffer} />}
          <GalleryPanel />
          <RunsPanel exportOnnx={runOnnx} exportTorch={runTorchJob} importTorch={importTorchFiles} />
          <RunsTable />
          <div className="panel-grid">
            <InterleavingPanel />
            <AttentionPanel />
            <CurvesPanel />
            <HorizonsPanel />
            <GenerationsPanel />
            <TryItPanel exportOnnx={runOnnx} />
          </div>
        </main>
      </div>
      <PhoneTrainBar />
    </div>
  );
}
