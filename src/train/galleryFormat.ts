// The gallery of trained runs shipped in public/gallery/ (written by `mutor gallery`, read by the page):
//   index.json             { format, entries: [{ id, title, description, link, made, command, runs: [...] }] }
//   <entry>/<method>.json  one run: curves, evaluations, the last evaluation's generations, snapshots at up to
//                          GALLERY_SNAPSHOT_LIMIT evaluations spread over training (src/train/snapshots.ts), summary
//   <entry>/<method>.onnx  its trained model, where it is small (under GALLERY_MODEL_LIMIT)
import { isMethodKind, type MethodKind } from '../methods/registry';
import type { EvalPoint, Generation, RunSummary, StepPoint } from './metrics';
import type { RunSnapshot } from './snapshots';

export const GALLERY_FORMAT = 1;
/** Trained models larger than this stay out of the gallery (the nano-sized ones are about 0.85 MB). */
export const GALLERY_MODEL_LIMIT = 1 << 20;
/** Snapshots kept per gallery run, spread over training (each holds every layer's and head's attention: ~0.3 MB). */
export const GALLERY_SNAPSHOT_LIMIT = 6;

/** At most `limit` of `items`, evenly spread, always the first and the last (all of them when there are few). */
export function spreadEvenly<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  if (limit === 1) return [items[items.length - 1]];
  return Array.from({ length: limit }, (_, i) => items[Math.round((i * (items.length - 1)) / (limit - 1))]);
}

export interface GalleryRunRef {
  method: MethodKind;
  /** Paths relative to the gallery folder. */
  file: string;
  model?: string;
  testAccuracy: number;
}

export interface GalleryEntry {
  /** The preset it was trained from. */
  id: string;
  title: string;
  description: string;
  /** The preset's share link (every method): Retrain opens it. */
  link: string;
  /** One line: how the runs were made (command, seed, steps, adapter, date). */
  made: string;
  /** The command that retrains them. */
  command: string;
  runs: GalleryRunRef[];
}

export interface GalleryIndex {
  format: typeof GALLERY_FORMAT;
  entries: GalleryEntry[];
}

export interface GalleryRun {
  format: typeof GALLERY_FORMAT;
  method: MethodKind;
  /** This run's own link (its method and seed). */
  link: string;
  adapter: string;
  steps: StepPoint[];
  evals: EvalPoint[];
  generations: Generation[];
  summary: RunSummary;
  snapshots: RunSnapshot[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(where: string, why: string): never {
  throw new Error(`${where} is not a gallery ${where.endsWith('index.json') ? 'index' : 'run'} of this playground (${why})`);
}

export function readGalleryIndex(value: unknown, where = 'gallery/index.json'): GalleryIndex {
  if (!isObject(value) || value.format !== GALLERY_FORMAT) fail(where, `format ${isObject(value) ? String(value.format) : 'missing'}, expected ${GALLERY_FORMAT}`);
  if (!Array.isArray(value.entries)) fail(where, 'no entries');
  for (const e of value.entries as unknown[]) {
    if (!isObject(e) || typeof e.id !== 'string' || typeof e.link !== 'string' || typeof e.made !== 'string' || !Array.isArray(e.runs)) fail(where, 'an entry without id, link, made or runs');
    for (const r of e.runs as unknown[]) {
      if (!isObject(r) || typeof r.method !== 'string' || !isMethodKind(r.method) || typeof r.file !== 'string') fail(where, `a run of ${e.id} without a known method or file`);
    }
  }
  return value as unknown as GalleryIndex;
}

export function readGalleryRun(value: unknown, where: string): GalleryRun {
  if (!isObject(value) || value.format !== GALLERY_FORMAT) fail(where, 'unknown format');
  if (typeof value.method !== 'string' || !isMethodKind(value.method)) fail(where, `method ${String(value.method)}`);
  for (const key of ['steps', 'evals', 'generations', 'snapshots'] as const) if (!Array.isArray(value[key])) fail(where, `no ${key}`);
  if (!isObject(value.summary)) fail(where, 'no summary');
  return value as unknown as GalleryRun;
}
