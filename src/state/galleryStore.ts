// The gallery of trained runs shipped with the page (public/gallery/, made by scripts/gallery.sh): its index, and
// opening an entry as saved runs in every panel (curves, evaluations, generations, attention and horizon snapshots),
// retraining it from its link, or continuing from a run's trained weights as the base model.
import { create } from 'zustand';
import { decodeLink, type ExperimentConfig } from '../experiment';
import { methodOf } from '../methods/registry';
import { readGalleryIndex, readGalleryRun, type GalleryEntry, type GalleryIndex, type GalleryRun, type GalleryRunRef } from '../train/galleryFormat';
import { useExperimentStore } from './experimentStore';
import { useModelFileStore } from './modelFileStore';
import { storedSnapshotFields } from './runSnapshots';
import { useRunsStore, type Run } from './runsStore';
import { useSavedRunsStore } from './savedRuns';

interface GalleryState {
  index: GalleryIndex | null;
  /** Why the index or an entry could not be read; null when it could. */
  error: string | null;
  /** The entry being opened (its runs are fetched). */
  opening: string | null;
  loadIndex(baseUrl: string): Promise<void>;
  open(entry: GalleryEntry, baseUrl: string): Promise<void>;
}

async function fetchJson(url: URL): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname} could not be loaded (${res.status} ${res.statusText})`);
  return res.json();
}

const galleryUrl = (path: string, baseUrl: string) => new URL(`gallery/${path}`, baseUrl);

async function fetchGalleryBytes(path: string, baseUrl: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(galleryUrl(path, baseUrl));
  if (!res.ok) throw new Error(`${path} could not be loaded (${res.status} ${res.statusText})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The id a gallery run has on the page: opening an entry twice shows the same runs. */
export const galleryRunId = (entry: GalleryEntry, ref: GalleryRunRef) => `gallery-${entry.id}-${ref.method}`;

/** The experiment an entry's runs were trained from (its preset's link). */
export function galleryExperiment(entry: GalleryEntry): ExperimentConfig {
  return decodeLink(entry.link).config;
}

/** The page's Run of a gallery run file: done, with the last snapshot as its attention and horizons. */
export function galleryRunOf(file: GalleryRun, base: Run): Run {
  const steps = file.summary.steps;
  return {
    ...base,
    status: 'done',
    steps: file.steps,
    evals: file.evals,
    generations: file.generations,
    summary: file.summary,
    progress: { step: steps, totalSteps: steps, stepsPerSec: 0, etaSec: 0 },
    ...storedSnapshotFields(file.snapshots, base.modelShape),
    provenance: `From the gallery: trained headless to step ${steps} by mutor experiment (the Gallery panel says how, on what and when).`,
  };
}

/** The path of the trained model a gallery run on the page ships with; null for other runs and runs without one. */
export function galleryModelPath(index: GalleryIndex | null, runId: string): string | null {
  for (const entry of index?.entries ?? []) for (const ref of entry.runs) if (ref.model && galleryRunId(entry, ref) === runId) return ref.model;
  return null;
}

/** A gallery run's trained model as ONNX bytes (the file shipped with it); null when the run is not such a run. */
export function galleryRunOnnx(runId: string, baseUrl: string): Promise<Uint8Array<ArrayBuffer>> | null {
  const path = galleryModelPath(useGalleryStore.getState().index, runId);
  return path ? fetchGalleryBytes(path, baseUrl) : null;
}

export const useGalleryStore = create<GalleryState>((set, get) => ({
  index: null,
  error: null,
  opening: null,

  async loadIndex(baseUrl) {
    try {
      set({ index: readGalleryIndex(await fetchJson(galleryUrl('index.json', baseUrl))), error: null });
    } catch (e) {
      set({ error: `The gallery could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
    }
  },

  async open(entry, baseUrl) {
    if (get().opening) return;
    set({ opening: entry.id, error: null });
    try {
      const files = await Promise.all(entry.runs.map(async (ref) => readGalleryRun(await fetchJson(galleryUrl(ref.file, baseUrl)), ref.file)));
      const experiment = galleryExperiment(entry);
      const store = useRunsStore.getState();
      const ids = entry.runs.map((ref, i) => {
        const id = galleryRunId(entry, ref);
        if (store.runs[id]) return id;
        // Marked as restored first: a saved run has no model on this page, and storage keeps it like one.
        useSavedRunsStore.setState((s) => ({ restored: { ...s.restored, [id]: { interrupted: false, savedAt: Date.now() } } }));
        store.addRun({ id, method: ref.method, experiment, label: `${methodOf(ref.method).label} (gallery)` });
        useRunsStore.setState((s) => ({ runs: { ...s.runs, [id]: galleryRunOf(files[i], s.runs[id]) } }));
        return id;
      });
      // The live panels show the first run that looks ahead (MuToR's registers), else the first.
      const shown = ids.find((_, i) => methodOf(entry.runs[i].method).looksAhead) ?? ids[0];
      if (shown) useRunsStore.getState().select({ runId: shown });
    } catch (e) {
      set({ error: `${entry.title} could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      set({ opening: null });
    }
  },
}));

/** Puts the entry's experiment in the controls: Train then retrains it from scratch, as its link does. */
export function retrainGallery(entry: GalleryEntry): void {
  useExperimentStore.getState().setConfig(galleryExperiment(entry));
}

/**
 * Puts the entry's experiment in the controls with one run's trained model as the base model (the model file the
 * link then names): Train continues from those weights (registers and extra heads start afresh, as from any base).
 */
export async function continueFromGallery(entry: GalleryEntry, ref: GalleryRunRef, baseUrl: string): Promise<void> {
  if (!ref.model) throw new Error(`${entry.title}: the ${methodOf(ref.method).label} model is not in the gallery (too large)`);
  const bytes = await fetchGalleryBytes(ref.model, baseUrl);
  useExperimentStore.getState().setConfig(galleryExperiment(entry));
  const files = useModelFileStore.getState();
  await files.load(new File([bytes], `${entry.id}-${ref.method}.onnx`));
  const error = useModelFileStore.getState().error;
  if (error) throw new Error(error);
}
