// The matmul autotune: which variant and workgroup width run a shape, decided by timing them on this device at
// first use and cached per device (one adapter) and shape class. Names of vendors or drivers play no part.
//   1. screen (once per device): every available variant at its default width on one mid-sized shape; only the
//      SURVIVORS fastest, and none more than SCREEN_FACTOR× slower than the best, are tried again (on SwiftShader
//      the workgroup-memory kernel compiles for seconds and runs 10× slower than register blocking; on a GPU it may
//      be the one that wins)
//   2. per shape class (transposes, accumulate, vec4 alignments, M, N and K rounded to powers of 2): every survivor
//      at every workgroup width that fits, timed on the class's first shape; the fastest sample wins (the machine
//      may be loaded by other work: the best of a few samples is the steadier statistic). Classes under
//      MIN_TUNED_FLOPS (self-test shapes, a KV-cache decode step) take the screen's winner at its default width
//      untimed: there a dispatch costs more than its arithmetic.
// All variants add the k terms in the same order with fma, so the choice changes speed, not results.
// The survivors and every class's choice are kept in ctx.tuningStore (tuningCache.ts) per adapter and kernel set:
// a later page load or process on the same adapter skips the screen and the timings of every class it has seen.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch } from '../gpu/recorder';
import { uniformWords } from '../gpu/buffers';
import { timeSubmission } from '../gpu/timing';
import { timeLongEnough } from '../gpu/timedRepeats';
import type { Recorder } from '../gpu/recorder';
import { dimsWords, type MatmulPlan, type MatmulShape } from './matmulShape';
import { clusterOf, registerMatmulPlan } from './matmulRegisters';
import { tiledMatmulPlan } from './matmulTiled';
import { kernelSelection, type MatmulVariant } from './select';
import { kernelSetVersion, loadTunings, saveTunings, type StoredTuning, type TuningRecord } from './tuningCache';

export interface MatmulConfig {
  variant: MatmulVariant;
  /** Workgroup x extent of the register variants (the tiled kernel's workgroup is fixed at 16×16). */
  wx: number;
}

export function describeConfig(c: MatmulConfig): string {
  return c.variant === 'tiled' ? 'tiled' : `${c.variant}/${c.wx}`;
}

export function matmulPlan(s: MatmulShape, c: MatmulConfig): MatmulPlan {
  return c.variant === 'tiled' ? tiledMatmulPlan(s) : registerMatmulPlan(s, c.variant, c.wx);
}

const WIDTHS = [8, 16, 64];
const SCREEN_FACTOR = 3;
/** Each candidate costs a compile (seconds on a loaded CPU rasterizer): a class times at most 2 variants × 3 widths. */
const SURVIVORS = 2;
const SCREEN_SHAPE: MatmulShape = { M: 1024, N: 64, K: 64 };
const MIN_TUNED_FLOPS = 1e6;
const SAMPLES = 3;
/** Each timed submission repeats the dispatch up to about this many FLOPs, so that small shapes are not all overhead. */
const FLOPS_PER_SAMPLE = 3e7;

/** The default width of a variant for a shape: one or two 8-lane groups, whichever wastes fewer columns past N. */
export function defaultConfig(variant: MatmulVariant, s: MatmulShape): MatmulConfig {
  if (variant === 'tiled') return { variant, wx: 16 };
  const waste = (wx: number) => Math.ceil(s.N / (wx * 4)) * wx * 4 - s.N;
  return { variant, wx: waste(16) <= waste(8) ? 16 : 8 };
}

/** Every width of `variant` worth timing on this shape: multiples of its cluster, within the device's workgroup
 * limit, and no wider than the columns need (each lane computes 4 columns). */
function widths(ctx: GpuContext, variant: MatmulVariant, s: MatmulShape): MatmulConfig[] {
  if (variant === 'tiled') return [defaultConfig(variant, s)];
  const limit = ctx.device.limits.maxComputeInvocationsPerWorkgroup;
  const fit = WIDTHS.filter((wx) => wx % clusterOf[variant] === 0 && wx <= limit && (wx === WIDTHS[0] || wx * 4 <= s.N * 2));
  return fit.map((wx) => ({ variant, wx }));
}

/** Shapes that share a class share a tuned config. */
export function shapeClass(s: MatmulShape): string {
  const p2 = (n: number) => 2 ** Math.round(Math.log2(n));
  const aligned = [s.transA ? s.M : s.K, s.transB ? s.K : s.N, s.N, s.K].map((n) => (n % 4 === 0 ? 'v' : 's')).join('');
  return `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${s.accumulate ? '+' : ''}${s.halfB ? ' hB' : ''} ${aligned} ~${p2(s.M)}×${p2(s.N)}×${p2(s.K)}`;
}

export interface Tuning {
  shapeClass: string;
  /** The shape it was timed on. */
  shape: MatmulShape;
  config: MatmulConfig;
  /** Fastest sample of each candidate, ms per matmul (none for a class too small to time, or taken from the store). */
  timings: { config: string; ms: number }[];
  /** Taken from the tuning store: timed by an earlier page load or process on this adapter. */
  fromStore: boolean;
}

/** Best-of-SAMPLES ms of one matmul of `s` under config `c`, on scratch buffers. */
async function timeConfig(ctx: GpuContext, s: MatmulShape, c: MatmulConfig): Promise<number> {
  const plan = matmulPlan(s, c);
  const pipeline = await ctx.pipelines.get({ label: plan.label, code: plan.code });
  const buffers = [s.M * s.K, s.K * s.N, s.M * s.N].map((n, i) => ctx.buffers.create(`autotune ${'abc'[i]}`, n * 4));
  const dims = ctx.buffers.uniform('autotune dims', uniformWords(dimsWords(s)));
  try {
    const d = prepareDispatch(ctx.device, { pipeline, bindings: [...buffers, dims], workgroups: plan.workgroups });
    const record = (rec: Recorder, repeats: number) => {
      for (let r = 0; r < repeats; r++) rec.dispatch(d);
    };
    const initial = Math.max(1, Math.min(16, Math.round(FLOPS_PER_SAMPLE / (2 * s.M * s.N * s.K))));
    await timeSubmission(ctx, (rec) => record(rec, initial)); // warm-up: compiles on CPU rasterizers (lavapipe: its time includes the compile)
    // The first sample grows the repeats where it is too short to time (a GPU: microseconds, under the timestamp
    // quantum, so every candidate tied and the first listed won). A sample may sleep for the fastest time so far
    // (Node), never for the warm-up's: that one can be 1,000× a run's time, and sleeping 80% of it per sample was
    // most of a cold first step.
    const first = await timeLongEnough(ctx, record, initial);
    let best = first.ms;
    for (let i = 1; i < SAMPLES; i++) best = Math.min(best, (await timeSubmission(ctx, (rec) => record(rec, first.repeats), best)).ms);
    return best / first.repeats;
  } finally {
    for (const b of [...buffers, dims]) ctx.buffers.destroy(b);
  }
}

async function fastest(ctx: GpuContext, s: MatmulShape, configs: MatmulConfig[]): Promise<{ config: MatmulConfig; timings: Tuning['timings'] }> {
  const timings: Tuning['timings'] = [];
  let best: { config: MatmulConfig; ms: number } | undefined;
  for (const config of configs) {
    const ms = await timeConfig(ctx, s, config);
    timings.push({ config: describeConfig(config), ms });
    if (!best || ms < best.ms) best = { config, ms };
  }
  return { config: best!.config, timings };
}

interface DeviceTuner {
  /** The kernel set's version and what the store held for this adapter and kernel set. */
  start: Promise<{ kernels: string; stored: TuningRecord | null }>;
  /** Variants within SCREEN_FACTOR of the screen's best, fastest first (the stored ones, when there are). */
  survivors: Promise<MatmulVariant[]>;
  classes: Map<string, Promise<Tuning>>;
  /** What the store will hold: the stored classes and every one tuned since. */
  record: Record<string, StoredTuning>;
  /** Tunings run one at a time: two timed at once would time each other. */
  queue: Promise<unknown>;
}

const tuners = new WeakMap<GpuContext, DeviceTuner>();

async function screen(ctx: GpuContext): Promise<MatmulVariant[]> {
  const { available } = await kernelSelection(ctx);
  const { timings } = await fastest(ctx, SCREEN_SHAPE, available.map((v) => defaultConfig(v, SCREEN_SHAPE)));
  const order = available.map((v, i) => ({ v, ms: timings[i].ms })).sort((a, b) => a.ms - b.ms);
  return order.filter((x) => x.ms <= SCREEN_FACTOR * order[0].ms).slice(0, SURVIVORS).map((x) => x.v);
}

async function startTuner(ctx: GpuContext): Promise<{ kernels: string; stored: TuningRecord | null }> {
  const { available } = await kernelSelection(ctx);
  const kernels = await kernelSetVersion((s, v) => matmulPlan(s, defaultConfig(v, s)));
  return { kernels, stored: await loadTunings(ctx, kernels, available) };
}

function tunerOf(ctx: GpuContext): DeviceTuner {
  let t = tuners.get(ctx);
  if (!t) {
    const start = startTuner(ctx);
    const survivors = start.then(({ stored }) => stored?.survivors ?? ctx.preparation.track('tunings', () => screen(ctx)));
    const tuner: DeviceTuner = { start, survivors, classes: new Map(), record: {}, queue: survivors };
    void start.then(({ stored }) => Object.assign(tuner.record, stored?.classes), () => undefined);
    tuners.set(ctx, (t = tuner));
  }
  return t;
}

const tooSmallToTime = (s: MatmulShape) => 2 * s.M * s.N * s.K < MIN_TUNED_FLOPS;

/** Times a class not in the store (or takes the screen's winner for a tiny one) and stores the choice. */
async function tuneClass(ctx: GpuContext, t: DeviceTuner, key: string, s: MatmulShape): Promise<Tuning> {
  const { kernels, stored } = await t.start;
  const hit = stored?.classes[key];
  if (hit) return { shapeClass: key, shape: hit.shape, config: hit.config, timings: [], fromStore: true };
  const variants = await t.survivors;
  const tuning: Tuning = tooSmallToTime(s)
    ? { shapeClass: key, shape: { ...s }, config: defaultConfig(variants[0], s), timings: [], fromStore: false }
    : { shapeClass: key, shape: { ...s }, ...(await fastest(ctx, s, variants.flatMap((v) => widths(ctx, v, s)))), fromStore: false };
  t.record[key] = { shape: tuning.shape, config: tuning.config };
  await saveTunings(ctx, { kernels, survivors: variants, classes: t.record });
  return tuning;
}

/** The config that runs shapes of `s`'s class on this device: tuned at the class's first use (or taken from the
 * tuning store), then cached. */
export function tunedConfig(ctx: GpuContext, s: MatmulShape): Promise<Tuning> {
  const t = tunerOf(ctx);
  const key = shapeClass(s);
  let tuning = t.classes.get(key);
  if (!tuning) {
    const queued = t.queue.then(() => tuneClass(ctx, t, key, s));
    t.queue = queued.catch(() => undefined);
    // A class to be timed counts in the preparation as soon as the store says it holds no choice for it.
    tuning = t.start.then(({ stored }) => (stored?.classes[key] || tooSmallToTime(s) ? queued : ctx.preparation.track('tunings', () => queued)));
    t.classes.set(key, tuning);
  }
  return tuning;
}

/** Every tuning made on this device so far, for reports (`mutor bench`, `mutor info`). */
export async function tuningsOf(ctx: GpuContext): Promise<Tuning[]> {
  const t = tuners.get(ctx);
  return t ? Promise.all(t.classes.values()) : [];
}
