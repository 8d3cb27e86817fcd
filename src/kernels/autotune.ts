// The matmul autotune: which variant, workgroup width and split of k run a shape, decided by timing them on this
// device at first use and cached per device (one adapter) and shape class. Names of vendors or drivers play no part.
//   1. screen (once per device): every available variant at its default width on one mid-sized shape; only the
//      SURVIVORS fastest, and none more than SCREEN_FACTOR× slower than the best, are tried again (on SwiftShader
//      the workgroup-memory kernel compiles for seconds and runs 10× slower than register blocking; on a GPU it may
//      be the one that wins)
//   2. per shape class (transposes, accumulate, vec4 alignments, M, N and K rounded to powers of 2): every survivor
//      at every workgroup width that fits, timed on the class's first shape; the fastest sample wins (the machine
//      may be loaded by other work: the best of a few samples is the steadier statistic). Classes under
//      MIN_TUNED_FLOPS (self-test shapes, a KV-cache decode step) take the screen's winner at its default width
//      untimed: there a dispatch costs more than its arithmetic.
//   3. split-K (matmulSplit.ts), timed beside them: each candidate whose grid is under MAX_SPLIT_GROUPS workgroups
//      again split into each of SPLITS chunks of at least MIN_SPLIT_CHUNK k, where the screen's best time is
//      GPU-class (under the split gate, 50 µs): a small output with a long k (dW += Xᵀ·dY, K = tokens) leaves a GPU
//      idle, while a CPU rasterizer's cores are busy anyway and each split candidate costs it seconds of compiles.
//      The gate reads a measurement, not the adapter's name.
// Every unsplit config adds the k terms in the same order with fma: bitwise the same C whichever variant and width
// wins. A split config sums each chunk of k apart and then the chunks in a fixed order: as deterministic, but its
// C differs from the unsplit one in the last bits (another order of the k sum), so picking a split changes results
// at rounding level.
// The survivors, the screen's best time and every class's choice are kept in ctx.tuningStore (tuningCache.ts) per
// adapter and kernel set: a later page load or process on the same adapter skips the screen and the timings of every
// class it has seen. Unless the store was timed under load: each later start times the stored screen winner once more
// on the screen's shape, and when it now runs more than STALE_FACTOR× faster than the store says, the stored
// timings measured a busy machine (another tab, a build, a training run beside it) and everything is tuned afresh.
// A start that is slower than the store (busy now) keeps it: a choice timed on a quiet machine is the better one.
import type { GpuContext } from '../gpu/context';
import { uniformWords } from '../gpu/buffers';
import { timeSubmission } from '../gpu/timing';
import { timeLongEnough } from '../gpu/timedRepeats';
import type { Recorder } from '../gpu/recorder';
import type { MatmulShape } from './matmulShape';
import { clusterOf } from './matmulRegisters';
import { createMatmulProgram, defaultConfig, describeConfig, matmulPlans, type MatmulConfig } from './matmulProgram';
import { kernelSelection, type MatmulVariant } from './select';
import { kernelSetVersion, loadTunings, saveTunings, type StoredTuning, type TuningRecord } from './tuningCache';

const WIDTHS = [8, 16, 64];
const SCREEN_FACTOR = 3;
/** Each candidate costs a compile (seconds on a loaded CPU rasterizer): a class times at most 2 variants × 3 widths
 * (and their splits, behind the split gate). */
const SURVIVORS = 2;
const SCREEN_SHAPE: MatmulShape = { M: 1024, N: 64, K: 64 };
const MIN_TUNED_FLOPS = 1e6;
const SAMPLES = 3;
/** Each timed submission repeats the dispatch up to about this many FLOPs, so that small shapes are not all overhead. */
const FLOPS_PER_SAMPLE = 3e7;
const SPLITS = [4, 16];
/** Shorter chunks are mostly the partials' traffic and the sum's dispatch. */
const MIN_SPLIT_CHUNK = 64;
/** A grid this large already fills much of a GPU (an H200 has 132 SMs). */
const MAX_SPLIT_GROUPS = 64;
/** A stored screen time this many times the screen winner's time now marks a store timed under load. */
const STALE_FACTOR = 3;
/** ms per matmul of SCREEN_SHAPE (8.4 MFLOP): a GPU takes microseconds, lavapipe milliseconds. */
let splitGateMs = 0.05;

/** Sets the screen time under which split candidates are timed (tests: open the gate on a CPU adapter); returns the
 * previous threshold. */
export function setSplitGateMs(ms: number): number {
  const previous = splitGateMs;
  splitGateMs = ms;
  return previous;
}

/** Every width of `variant` worth timing on this shape: multiples of its cluster, within the device's workgroup
 * limit, and no wider than the columns need (each lane computes 4 columns). */
function widths(ctx: GpuContext, variant: MatmulVariant, s: MatmulShape): MatmulConfig[] {
  if (variant === 'tiled') return [defaultConfig(variant, s)];
  const limit = ctx.device.limits.maxComputeInvocationsPerWorkgroup;
  const fit = WIDTHS.filter((wx) => wx % clusterOf[variant] === 0 && wx <= limit && (wx === WIDTHS[0] || wx * 4 <= s.N * 2));
  return fit.map((wx) => ({ variant, wx }));
}

/** The split versions of `configs` worth timing on `s`: those whose unsplit grid is small, split into chunks of at
 * least MIN_SPLIT_CHUNK. */
function splits(s: MatmulShape, configs: MatmulConfig[]): MatmulConfig[] {
  const groups = (c: MatmulConfig) => matmulPlans(s, c)[0].workgroups.reduce((a, b) => a * b);
  return configs.filter((c) => groups(c) < MAX_SPLIT_GROUPS).flatMap((c) => SPLITS.filter((S) => s.K / S >= MIN_SPLIT_CHUNK).map((split) => ({ ...c, split })));
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

/** Best-of-SAMPLES ms of one matmul of `s` under config `c` (both dispatches of a split), on scratch buffers. */
async function timeConfig(ctx: GpuContext, s: MatmulShape, c: MatmulConfig): Promise<number> {
  const program = await createMatmulProgram(ctx, s, c);
  const buffers = [s.M * s.K, s.K * s.N, s.M * s.N].map((n, i) => ctx.buffers.create(`autotune ${'abc'[i]}`, n * 4));
  const dims = ctx.buffers.uniform('autotune dims', uniformWords(program.dimsWords()));
  try {
    const ds = program.bind(buffers[0], buffers[1], buffers[2], dims);
    const record = (rec: Recorder, repeats: number) => {
      for (let r = 0; r < repeats; r++) for (const d of ds) rec.dispatch(d);
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
    program.destroy();
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
  /** The screen's outcome (the stored one, when there is). */
  screen: Promise<Screen>;
  classes: Map<string, Promise<Tuning>>;
  /** What the store will hold: the stored classes and every one tuned since. */
  record: Record<string, StoredTuning>;
  /** Tunings run one at a time: two timed at once would time each other. */
  queue: Promise<unknown>;
}

interface Screen {
  /** Variants within SCREEN_FACTOR of the screen's best, fastest first. */
  survivors: MatmulVariant[];
  /** The best ms per matmul of SCREEN_SHAPE (the split gate's measurement). */
  bestMs: number;
}

const tuners = new WeakMap<GpuContext, DeviceTuner>();

async function screen(ctx: GpuContext): Promise<Screen> {
  const { available } = await kernelSelection(ctx);
  const { timings } = await fastest(ctx, SCREEN_SHAPE, available.map((v) => defaultConfig(v, SCREEN_SHAPE)));
  const order = available.map((v, i) => ({ v, ms: timings[i].ms })).sort((a, b) => a.ms - b.ms);
  return { survivors: order.filter((x) => x.ms <= SCREEN_FACTOR * order[0].ms).slice(0, SURVIVORS).map((x) => x.v), bestMs: order[0].ms };
}

/** Whether a stored record was timed on a busier machine than this start's: its screen winner now runs more than
 * STALE_FACTOR× faster than the record says. */
async function timedUnderLoad(ctx: GpuContext, stored: TuningRecord): Promise<boolean> {
  const now = await timeConfig(ctx, SCREEN_SHAPE, defaultConfig(stored.survivors[0], SCREEN_SHAPE));
  if (now * STALE_FACTOR >= stored.screenMs) return false;
  console.info(`matmul tuning: the stored choices were timed under load (screen ${stored.screenMs.toPrecision(3)} ms, now ${now.toPrecision(3)} ms); tuning afresh`);
  return true;
}

async function startTuner(ctx: GpuContext): Promise<{ kernels: string; stored: TuningRecord | null }> {
  const { available } = await kernelSelection(ctx);
  const kernels = await kernelSetVersion(matmulPlans);
  const stored = await loadTunings(ctx, kernels, available);
  return { kernels, stored: stored && !(await timedUnderLoad(ctx, stored)) ? stored : null };
}

function tunerOf(ctx: GpuContext): DeviceTuner {
  let t = tuners.get(ctx);
  if (!t) {
    const start = startTuner(ctx);
    const screened = start.then(({ stored }) => (stored ? { survivors: stored.survivors, bestMs: stored.screenMs } : ctx.preparation.track('tunings', () => screen(ctx))));
    const tuner: DeviceTuner = { start, screen: screened, classes: new Map(), record: {}, queue: screened };
    void start.then(({ stored }) => Object.assign(tuner.record, stored?.classes), () => undefined);
    tuners.set(ctx, (t = tuner));
  }
  return t;
}

const tooSmallToTime = (s: MatmulShape) => 2 * s.M * s.N * s.K < MIN_TUNED_FLOPS;

/** Whether a device whose screen's best was `bestMs` times split candidates: under the split gate. */
const gateOpen = (bestMs: number) => bestMs < splitGateMs;

/** Whether this device's classes time split candidates. */
export async function splitGateOpen(ctx: GpuContext): Promise<boolean> {
  return gateOpen((await tunerOf(ctx).screen).bestMs);
}

/** Times a class not in the store (or takes the screen's winner for a tiny one) and stores the choice. */
async function tuneClass(ctx: GpuContext, t: DeviceTuner, key: string, s: MatmulShape): Promise<Tuning> {
  const { kernels, stored } = await t.start;
  const hit = stored?.classes[key];
  if (hit) return { shapeClass: key, shape: hit.shape, config: hit.config, timings: [], fromStore: true };
  const { survivors, bestMs } = await t.screen;
  const candidates = () => {
    const unsplit = survivors.flatMap((v) => widths(ctx, v, s));
    return gateOpen(bestMs) ? [...unsplit, ...splits(s, unsplit)] : unsplit;
  };
  const tuning: Tuning = tooSmallToTime(s)
    ? { shapeClass: key, shape: { ...s }, config: defaultConfig(survivors[0], s), timings: [], fromStore: false }
    : { shapeClass: key, shape: { ...s }, ...(await fastest(ctx, s, candidates())), fromStore: false };
  t.record[key] = { shape: tuning.shape, config: tuning.config };
  await saveTunings(ctx, { kernels, survivors, screenMs: bestMs, classes: t.record });
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
