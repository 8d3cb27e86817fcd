// `mutor experiment`, the pure half: share-link overrides (--set), seeds and methods, per-run file names, resume
// decisions and the per-method aggregate of final accuracy. No GPU, no files: runnerNode.ts does the I/O.
import type { MethodKind } from '../../methods/registry';
import type { AnswerDiagnostics, EvalPoint, Generation, StepPoint, RunSummary } from '../../train/metrics';
import { decodeLink, encodeLink } from '../../experiment/link';
import type { ExperimentConfig } from '../../experiment/schema';


/** What the held-out scores were measured on: the real test split, or a validation slice carved from train. */
export type EvalSplit = 'test' | 'validation';

/** One finished (method, seed) run as saved to `<out>/run-<method>-seed<seed>.json`. */
export interface SavedRun {
  method: MethodKind;
  seed: number;
  /** Share link of the experiment this run trained (seed and steps included): resume checks it. */
  link: string;
  split: EvalSplit;
  /** Validation examples carved from the end of train (0 with split 'test'). */
  validationSize: number;
  adapter: string;
  steps: StepPoint[];
  evals: EvalPoint[];
  summary: RunSummary;
  wallMs: number;
  /** The first few generations of the last evaluation, to read what the model does. */
  sampleGenerations: { prompt: string; output: string; truth: string; correct: boolean }[];
}

/** What a saved run keeps of its last evaluation's generations: the first five, or every sample of an image task
 * (for the sample grid). */
export function sampleGenerationsOf(generations: Generation[], image: boolean): SavedRun['sampleGenerations'] {
  return generations.slice(0, image ? undefined : 5).map((g) => ({ prompt: g.promptText, output: g.outputText, truth: g.truthText, correct: g.correct }));
}

export interface MethodAggregate {
  method: MethodKind;
  seeds: number[];
  /** Final held-out exact-match accuracy (fraction). */
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n - 1); 0 with one seed. */
  std: number;
  finalLossMean: number;
  wallMsMean: number;
  /** Means over seeds of the last evaluation's next-token accuracy and Clever Hans diagnostics; absent for tasks without them. */
  finalDiagnosticsMean?: FinalDiagnostics;
  /** Image tasks: the last evaluation's bits per pixel and samples' Fréchet distance over seeds. */
  finalImage?: { bitsPerPixel: Spread; frechetDistance: Spread | null };
}

/** Mean, min/max and sample std (n - 1; 0 with one value) of one number over seeds. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  std: number;
}

export function spreadOf(xs: readonly number[]): Spread {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, min: Math.min(...xs), max: Math.max(...xs), std: Math.sqrt(variance) };
}

export type FinalDiagnostics = AnswerDiagnostics & { nextTokenAccuracy: number };

export interface ExperimentResults {
  experiment: ExperimentConfig;
  link: string;
  split: EvalSplit;
  validationSize: number;
  adapter: string;
  methods: MethodKind[];
  seeds: number[];
  runs: SavedRun[];
  aggregates: MethodAggregate[];
  totalWallMs: number;
}

/** "1,2,3" or "1-3" or "1,4-6" → [1, 2, 3]; throws on anything else. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`bad seed list '${text}': use e.g. 1,2,3 or 1-3`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`bad seed range '${part}'`);
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
  }
  if (out.length === 0) throw new Error('no seeds given');
  return out;
}

/**
 * Applies `key=value,key=value` (share-link keys from the field table: a, dmax, lr, k.degree, ...) to an experiment by
 * merging them into its share link and decoding the result, so every override goes through the same checks as a
 * link. A value may contain commas only for the `runs` key, which is better set through --method. Throws when any
 * override is rejected (a silent fallback to a default would make a table row lie).
 */
export function applySetOverrides(exp: ExperimentConfig, set: string): ExperimentConfig {
  const pairs = set.split(',').map((s) => s.trim()).filter(Boolean);
  const overrides = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--set: '${p}' is not key=value`);
    overrides.set(p.slice(0, eq), p.slice(eq + 1));
  }
  const parts = encodeLink(exp).split('&').filter((part) => !overrides.has(part.slice(0, part.indexOf('='))));
  for (const [k, v] of overrides) parts.push(`${k}=${encodeURIComponent(v)}`);
  const { config, problems } = decodeLink(parts.join('&'));
  if (problems.length) throw new Error(`--set: ${problems.map((p) => p.message).join('; ')}`);
  for (const k of overrides.keys()) {
    if (!encodeLink(config).split('&').some((part) => part.startsWith(`${k}=`)) && !isDefaultValued(config, k, overrides.get(k) as string)) {
      throw new Error(`--set: '${k}' has no effect on this experiment (unknown key, or a field that does not apply to its methods)`);
    }
  }
  return config;
}

/** True when setting key k to v leaves the link without k because v is the field's default (a harmless override). */
function isDefaultValued(config: ExperimentConfig, k: string, v: string): boolean {
  const { config: again, problems } = decodeLink(`${encodeLink(config)}&${k}=${encodeURIComponent(v)}`);
  return problems.length === 0 && encodeLink(again) === encodeLink(config);
}

/** The experiment one (method, seed) run trains: only that method, that seed. */
export function runExperimentConfig(exp: ExperimentConfig, method: MethodKind, seed: number): ExperimentConfig {
  const c = structuredClone(exp);
  c.runs = [method];
  c.seed = seed;
  return c;
}

export function runFileName(method: MethodKind, seed: number): string {
  return `run-${method}-seed${seed}.json`;
}

export interface PlannedRun {
  method: MethodKind;
  seed: number;
  file: string;
  link: string;
}

/** Every method × seed, seeds inner so that each method's first seed comes early (a partial rerun is still readable). */
export function planRuns(exp: ExperimentConfig, methods: readonly MethodKind[], seeds: readonly number[]): PlannedRun[] {
  const out: PlannedRun[] = [];
  for (const seed of seeds) for (const method of methods) out.push({ method, seed, file: runFileName(method, seed), link: encodeLink(runExperimentConfig(exp, method, seed)) });
  return out;
}

export type ResumeDecision = { action: 'run' } | { action: 'skip'; saved: SavedRun } | { action: 'conflict'; why: string };

/**
 * What to do with one planned run given what its file holds (undefined: no file). A saved run is reused only when it
 * trained the very same experiment (same link once read as this version, same split); anything else is a conflict the caller must not overwrite
 * silently.
 */
export function resumeDecision(planned: PlannedRun, split: EvalSplit, validationSize: number, saved: SavedRun | undefined): ResumeDecision {
  if (!saved) return { action: 'run' };
  if (currentLink(saved.link) !== planned.link) return { action: 'conflict', why: `${planned.file} holds another experiment (${saved.link}), not ${planned.link}` };
  if (saved.split !== split || saved.validationSize !== validationSize) {
    return { action: 'conflict', why: `${planned.file} was scored on ${saved.split} (${saved.validationSize}), this run asks for ${split} (${validationSize})` };
  }
  return { action: 'skip', saved };
}

/** A saved link as this playground writes it: an older version's link re-encoded with the meaning it had. */
function currentLink(link: string): string {
  return encodeLink(decodeLink(link).config);
}

/** A run's final exact match; a run never evaluated (imported without its final weights) has none to aggregate. */
export function finalAccuracy(r: SavedRun): number {
  if (r.summary.testAccuracy === null) throw new Error(`${r.method} seed ${r.seed} was never evaluated (a PyTorch run imported without its final weights): import it with them, or leave it out`);
  return r.summary.testAccuracy;
}

/** A final accuracy as the command's log prints it: "42.5%", or "not evaluated". */
export function accuracyText(accuracy: number | null): string {
  return accuracy === null ? 'not evaluated' : `${(accuracy * 100).toFixed(1)}%`;
}

/** Mean, min/max and sample std of final accuracy per method, in `methods` order; methods with no runs are left out. */
export function aggregateRuns(runs: readonly SavedRun[], methods: readonly MethodKind[]): MethodAggregate[] {
  const out: MethodAggregate[] = [];
  for (const method of methods) {
    const rs = runs.filter((r) => r.method === method).sort((a, b) => a.seed - b.seed);
    if (rs.length === 0) continue;
    out.push({
      method,
      seeds: rs.map((r) => r.seed),
      ...spreadOf(rs.map(finalAccuracy)),
      finalLossMean: rs.reduce((s, r) => s + r.summary.finalLoss, 0) / rs.length,
      wallMsMean: rs.reduce((s, r) => s + r.wallMs, 0) / rs.length,
      ...diagnosticsMean(rs),
      ...imageSpread(rs),
    });
  }
  return out;
}

/** finalDiagnosticsMean when every run's last evaluation has the diagnostics. */
function diagnosticsMean(rs: readonly SavedRun[]): { finalDiagnosticsMean?: FinalDiagnostics } {
  const finals = rs.map((r) => r.evals[r.evals.length - 1]);
  if (!finals.every((e) => e?.answerDiagnostics)) return {};
  const mean = (pick: (e: EvalPoint) => number) => finals.reduce((s, e) => s + pick(e), 0) / finals.length;
  const d = (e: EvalPoint) => e.answerDiagnostics as AnswerDiagnostics;
  return {
    finalDiagnosticsMean: {
      nextTokenAccuracy: mean((e) => e.nextTokenAccuracy),
      nextTokenCeiling: mean((e) => d(e).nextTokenCeiling),
      generatedDecision: mean((e) => d(e).generatedDecision),
      teacherForcedDecision: mean((e) => d(e).teacherForcedDecision),
      teacherForcedRest: mean((e) => d(e).teacherForcedRest),
    },
  };
}

/** finalImage when every run's last evaluation has image metrics (the Fréchet distance when every one has it). */
function imageSpread(rs: readonly SavedRun[]): { finalImage?: MethodAggregate['finalImage'] } {
  const finals = rs.map((r) => r.evals[r.evals.length - 1]?.image);
  if (!finals.every((e) => e)) return {};
  const fd = finals.map((e) => e!.frechetDistance);
  return {
    finalImage: {
      bitsPerPixel: spreadOf(finals.map((e) => e!.bitsPerPixel)),
      frechetDistance: fd.every((x) => x !== null) ? spreadOf(fd as number[]) : null,
    },
  };
}

/** One table row in percent: `mean ± std (min-max), n seeds`, then the mean diagnostics where there are any. */
export function formatAggregate(a: MethodAggregate): string {
  const pct = (x: number) => (x * 100).toFixed(1);
  const row = `${pct(a.mean)} ± ${pct(a.std)} (min ${pct(a.min)}, max ${pct(a.max)}; ${a.seeds.length} seed${a.seeds.length > 1 ? 's' : ''})`;
  const d = a.finalDiagnosticsMean, image = a.finalImage;
  if (image) {
    const fd = image.frechetDistance;
    return `${row} class accuracy of samples; bits/pixel ${image.bitsPerPixel.mean.toFixed(4)} ± ${image.bitsPerPixel.std.toFixed(4)}; Fréchet ${fd ? `${fd.mean.toFixed(3)} ± ${fd.std.toFixed(3)}` : 'n/a'}`;
  }
  if (!d) return row;
  return `${row}; means: decision ${pct(d.generatedDecision)} generated, ${pct(d.teacherForcedDecision)} teacher-forced, rest ${pct(d.teacherForcedRest)}, next-token ${pct(d.nextTokenAccuracy)} (ceiling without planning ${pct(d.nextTokenCeiling)})`;
}
