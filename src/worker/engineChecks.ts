// Engine acceptance checks, shared by the Node tests (lavapipe) and the browser Worker (SwiftShader or a real GPU):
// pure orchestration over TrainingEngine, deterministic from their seeds, returning plain numbers.
//
//   registerInvarianceCheck  MuToR's registers are invisible: every regular (prompt/answer) token's logits are those
//                            of the same examples laid out as NTP (no registers), same base parameters
//   alphaZeroGradientCheck   with a = 0 MuToR's gradient is NTP's on the same examples; the register row's is 0
//   overfitCheck             a tiny MuToR model drives its loss on one fixed batch towards 0; the curve is returned
//
// Two devices never agree bit for bit (exp/log, FMA contraction, attention tiles of 4 on SwiftShader vs 8 on
// lavapipe): step 1 of the overfit curve already differs by ~1e-7. From a 0.02 init those differences grow ~10x per
// few steps once training leaves the initial saddle (measured: 1e-1 relative by step 40 at lr 1e-2, whatever Adam's
// eps or clipping), so the overfit run starts from checkParameters' larger scale, where training is smooth and the
// curves stay within ~2e-5 of each other.
//
// Every check uses the one shape below (B sequences of T tokens), so after the first one the GPU pipelines come from
// the context's cache: on SwiftShader compiling is most of the cost.
import type { GpuContext } from '../gpu/context';
import { kernelSelection } from '../kernels/select';
import { TokenKind, type Batch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { buildLayout, type ParameterLayout } from '../model/layout';
import { buildBatch } from '../methods/layout';
import { modelConfigFor } from '../methods/params';
import { methodConfig, type MethodConfig } from '../methods/registry';
import { createTask } from '../tasks';
import { defaultOptimizerOptions, type OptimizerOptions } from '../model/schedule';
import { createRng } from '../util/random';
import { TrainingEngine } from '../engine/trainingEngine';

/** The tiny model every check runs (its NTP form: no register rows). */
export const checkModel: ModelConfig = {
  vocabSize: 64, dModel: 32, nLayers: 2, nHeads: 2, dFF: 64, maxLen: 32, tieEmbeddings: true, ropeTheta: 10000,
  ropeMode: '1d', normEps: 1e-5,
};
/** Sequences per batch and tokens per sequence (registers and pads included) of every check. */
export const CHECK_B = 4, CHECK_T = 24;
/** MuToR's knobs for the checks (alpha is replaced where a check needs another). */
export const checkMethod: MethodConfig = methodConfig('mutor', { dMax: 3, dMin: 1, alpha: 0.3 });

/** The invariance/gradient examples: small star graphs (prompt 13 tokens, answer 4, 21 with registers). */
function starGraphExamples(seed: number) {
  return createTask('starGraph', { degree: 2, pathLength: 2, nodePool: 10 }).generate(createRng(seed), CHECK_B);
}

/** The overfit examples: reversal of 3..5 characters (at most 23 tokens with registers). */
function reversalExamples(seed: number) {
  return createTask('reversal', { minLength: 3, maxLength: 5, alphabetSize: 10 }).generate(createRng(seed), CHECK_B);
}

/** The MuToR batch and the NTP batch of the same examples, both padded to CHECK_T. */
function batchPair(method: MethodConfig, seed: number): { mutor: Batch; ntp: Batch; mutorConfig: ModelConfig } {
  const examples = starGraphExamples(seed);
  const mutorConfig = modelConfigFor(checkModel, method);
  const mutor = buildBatch(examples, method, mutorConfig, createRng(seed + 1), { T: CHECK_T });
  const ntp = buildBatch(examples, methodConfig('ntp'), checkModel, createRng(seed + 1), { T: CHECK_T });
  return { mutor, ntp, mutorConfig };
}

/**
 * Seeded parameters of every check: matrices and embeddings N(0, 0.3²), gains 1 + N(0, 0.2²). Large enough that
 * attention is far from uniform and a register seen by a regular token would show (logits of a few units, like a
 * trained model's, not init's ~0.1); and for the overfit run, away from the near-symmetric saddle that a 0.02 init
 * starts in, whose escape amplifies float32 rounding differences between devices by orders of magnitude.
 */
export function checkParameters(config: ModelConfig, seed: number): Float32Array {
  const layout = buildLayout(config), rng = createRng(seed);
  const p = new Float32Array(layout.totalSize);
  for (const t of layout.tensors) {
    const gain = t.shape.length === 1;
    for (let i = t.offset; i < t.offset + t.size; i++) p[i] = gain ? 1 + 0.2 * rng.normal() : 0.3 * rng.normal();
  }
  return p;
}

/** The MuToR model's parameters and the NTP model's with the same values for every base tensor. */
function pairedParameters(mutorConfig: ModelConfig, seed: number): { pMutor: Float32Array; pNtp: Float32Array } {
  const pMutor = checkParameters(mutorConfig, seed);
  return { pMutor, pNtp: copyBaseTensors(buildLayout(mutorConfig), pMutor, buildLayout(checkModel)) };
}

/** A flat parameter array of layout `to` holding `from`'s base tensors (matched by name). */
function copyBaseTensors(from: ParameterLayout, p: Float32Array, to: ParameterLayout): Float32Array {
  const out = new Float32Array(to.totalSize);
  for (const t of to.tensors) {
    const s = from.byName.get(t.name);
    if (!s || s.size !== t.size) throw new Error(`checks: tensor ${t.name} missing or resized`);
    out.set(p.subarray(s.offset, s.offset + s.size), t.offset);
  }
  return out;
}

/** For each sequence, the index of every regular token in the MuToR layout, in order (= its NTP index). */
function regularIndices(mutor: Batch, ntp: Batch): number[][] {
  const out: number[][] = [];
  for (let b = 0; b < mutor.B; b++) {
    const idx: number[] = [];
    for (let t = 0; t < mutor.T; t++) {
      const k = mutor.kinds[b * mutor.T + t];
      if (k === TokenKind.prompt || k === TokenKind.answer) idx.push(t);
    }
    // The two layouts must agree on every regular token: id, kind and position (the point of the comparison).
    idx.forEach((t, j) => {
      const m = b * mutor.T + t, n = b * ntp.T + j;
      if (mutor.inputIds[m] !== ntp.inputIds[n] || mutor.kinds[m] !== ntp.kinds[n] || mutor.positions[m] !== ntp.positions[n]) {
        throw new Error(`checks: sequence ${b}: regular token ${j} differs between the MuToR and NTP layouts`);
      }
    });
    const ntpRegular = ntp.kinds.subarray(b * ntp.T, (b + 1) * ntp.T).filter((k) => k !== TokenKind.pad).length;
    if (ntpRegular !== idx.length) throw new Error(`checks: sequence ${b}: ${ntpRegular} NTP tokens, ${idx.length} regular MuToR tokens`);
    out.push(idx);
  }
  return out;
}

async function withEngines<R>(ctx: GpuContext, configs: ModelConfig[], optimizer: OptimizerOptions, f: (engines: TrainingEngine[]) => Promise<R>): Promise<R> {
  const engines: TrainingEngine[] = [];
  try {
    for (const c of configs) engines.push(await TrainingEngine.create(ctx, c, { B: CHECK_B, T: CHECK_T, optimizer }));
    return await f(engines);
  } finally {
    for (const e of engines) e.destroy();
  }
}

export interface InvarianceResult {
  /** max |logit_MuToR - logit_NTP| over every regular token of every sequence and every vocabulary entry. */
  maxAbsDiff: number;
  /** max |logit| of those tokens (the scale the difference is measured against). */
  maxAbsLogit: number;
  regularTokens: number;
  registers: number;
  /** Same MuToR layout, register embedding row replaced: max change of the regular tokens' logits (exactly 0). */
  regularShiftWhenRegisterRowChanges: number;
  /** ... and of the registers' own logits (large: the register row does reach the registers). */
  registerShiftWhenRegisterRowChanges: number;
}

/** Logits of every regular token, MuToR layout against NTP layout (acceptance: maxAbsDiff < 1e-5). */
export async function registerInvarianceCheck(ctx: GpuContext, seed = 7): Promise<InvarianceResult> {
  const { mutor, ntp, mutorConfig } = batchPair(checkMethod, seed);
  const { pMutor, pNtp } = pairedParameters(mutorConfig, seed);
  const V = checkModel.vocabSize;
  return withEngines(ctx, [mutorConfig, checkModel], defaultOptimizerOptions, async ([em, en]) => {
    em.setParameters(pMutor);
    en.setParameters(pNtp);
    const lm = (await em.forward(mutor, { logits: true })).logits!;
    const ln = (await en.forward(ntp, { logits: true })).logits!;
    // The register row moved far away: regular logits must not move at all, the registers' must.
    const reg = buildLayout(mutorConfig).byName.get('registerEmbedding')!;
    const pShifted = Float32Array.from(pMutor);
    for (let i = reg.offset; i < reg.offset + reg.size; i++) pShifted[i] = -3 * pShifted[i] + 1;
    em.setParameters(pShifted);
    const ls = (await em.forward(mutor, { logits: true })).logits!;

    let maxAbsDiff = 0, maxAbsLogit = 0, regularTokens = 0, registers = 0, regularShift = 0, registerShift = 0;
    regularIndices(mutor, ntp).forEach((idx, b) => {
      idx.forEach((t, j) => {
        regularTokens++;
        const m = (b * mutor.T + t) * V, n = (b * ntp.T + j) * V;
        for (let v = 0; v < V; v++) {
          maxAbsDiff = maxNaN(maxAbsDiff, Math.abs(lm[m + v] - ln[n + v]));
          maxAbsLogit = Math.max(maxAbsLogit, Math.abs(ln[n + v]));
          regularShift = maxNaN(regularShift, Math.abs(ls[m + v] - lm[m + v]));
        }
      });
    });
    for (let i = 0; i < mutor.B * mutor.T; i++) {
      if (mutor.kinds[i] !== TokenKind.register) continue;
      registers++;
      for (let v = 0; v < V; v++) registerShift = maxNaN(registerShift, Math.abs(ls[i * V + v] - lm[i * V + v]));
    }
    return {
      maxAbsDiff, maxAbsLogit, regularTokens, registers,
      regularShiftWhenRegisterRowChanges: regularShift, registerShiftWhenRegisterRowChanges: registerShift,
    };
  });
}

export interface GradientComparison {
  /** max over base tensors of max|g - g_NTP| / max|g_NTP| (per tensor). */
  maxRelDiff: number;
  /** The tensor where that happens. */
  worstTensor: string;
  /** max |g - g_NTP| over every base parameter. */
  maxAbsDiff: number;
  /** Base parameters whose two gradients are not bitwise equal. */
  differing: number;
}

export interface AlphaZeroResult extends GradientComparison {
  /** Base tensors compared, and their parameters. */
  tensors: number;
  parameters: number;
  /** max |gradient| of the register embedding (exactly 0 expected). */
  registerGradMaxAbs: number;
  lossMutor: number;
  lossNtp: number;
  /**
   * Diagnostic: the NTP batch laid out on MuToR's slots (each register replaced by a pad), so every token has the
   * same index, hence the same float32 summation order, as in the MuToR batch. Against MuToR's gradient.
   */
  sameSlots: GradientComparison;
}

function compareBase(layoutA: ParameterLayout, a: Float32Array, layoutB: ParameterLayout, b: Float32Array): GradientComparison & { tensors: number; parameters: number } {
  let maxRelDiff = 0, maxAbsDiff = 0, differing = 0, tensors = 0, parameters = 0, worstTensor = '';
  for (const t of layoutB.tensors) {
    if (t.ofMethod) continue;
    const s = layoutA.byName.get(t.name)!;
    let diff = 0, ref = 0;
    for (let i = 0; i < t.size; i++) {
      const x = a[s.offset + i], y = b[t.offset + i];
      if (x !== y) differing++;
      diff = maxNaN(diff, Math.abs(x - y));
      ref = Math.max(ref, Math.abs(y));
    }
    const rel = diff === 0 ? 0 : diff / Math.max(ref, 1e-30);
    if (!(rel <= maxRelDiff)) worstTensor = t.name;
    maxRelDiff = maxNaN(maxRelDiff, rel);
    maxAbsDiff = maxNaN(maxAbsDiff, diff);
    tensors++;
    parameters += t.size;
  }
  return { maxRelDiff, worstTensor, maxAbsDiff, differing, tensors, parameters };
}

/** The NTP batch of the same examples with MuToR's token indices: registers become pads (no id, no target). */
function ntpOnMutorSlots(mutor: Batch): Batch {
  const b: Batch = {
    ...mutor,
    inputIds: Int32Array.from(mutor.inputIds), positions: Int32Array.from(mutor.positions), kinds: Uint32Array.from(mutor.kinds),
    targets: Int32Array.from(mutor.targets), weights: Float32Array.from(mutor.weights), lossGroups: Uint32Array.from(mutor.lossGroups),
    groupCoefficients: [1],
  };
  for (let i = 0; i < b.B * b.T; i++) {
    if (b.kinds[i] !== TokenKind.register) continue;
    b.kinds[i] = TokenKind.pad;
    b.inputIds[i] = 0;
    b.positions[i] = 0;
    b.targets[i] = -1;
    b.weights[i] = 0;
    b.lossGroups[i] = 0;
  }
  return b;
}

/** Gradients of MuToR with a = 0 against NTP's (acceptance: maxRelDiff < 1e-6, registerGradMaxAbs = 0). */
export async function alphaZeroGradientCheck(ctx: GpuContext, seed = 11): Promise<AlphaZeroResult> {
  const method = { ...checkMethod, alpha: 0 };
  const { mutor, ntp, mutorConfig } = batchPair(method, seed);
  const { pMutor, pNtp } = pairedParameters(mutorConfig, seed);
  const layoutM = buildLayout(mutorConfig), layoutN = buildLayout(checkModel);
  return withEngines(ctx, [mutorConfig, checkModel], defaultOptimizerOptions, async ([em, en]) => {
    em.setParameters(pMutor);
    en.setParameters(pNtp);
    const lossMutor = (await em.gradients(mutor)).total;
    const gm = await em.readGradients();
    const lossNtp = (await en.gradients(ntp)).total;
    const gn = await en.readGradients();
    await en.gradients(ntpOnMutorSlots(mutor));
    const gs = await en.readGradients();
    const reg = layoutM.byName.get('registerEmbedding')!;
    let registerGradMaxAbs = 0;
    for (let i = reg.offset; i < reg.offset + reg.size; i++) registerGradMaxAbs = maxNaN(registerGradMaxAbs, Math.abs(gm[i]));
    const c = compareBase(layoutM, gm, layoutN, gn);
    const { tensors: _t, parameters: _p, ...sameSlots } = compareBase(layoutM, gm, layoutN, gs);
    return { ...c, registerGradMaxAbs, lossMutor, lossNtp, sameSlots };
  });
}

export interface OverfitResult {
  /** Combined loss (MuToR, a = 0.3) of every step, before its update. */
  losses: number[];
  finalLoss: number;
  /** Milliseconds of the training loop (engine creation and the first compile excluded). */
  ms: number;
}

/** Optimizer of the overfit check: constant lr 3e-3, no weight decay, clipping at 1. */
export const overfitOptimizer: OptimizerOptions = { ...defaultOptimizerOptions, lr: 3e-3, weightDecay: 0, maxGradNorm: 1 };

/**
 * Trains the tiny MuToR model (init from `seed`) on one fixed batch of reversal examples for `steps` steps, reading
 * the loss back every step (acceptance: final loss < 0.05, and the same curve everywhere to 1e-4 relative).
 */
export async function overfitCheck(ctx: GpuContext, steps: number, seed = 3, optimizer = overfitOptimizer): Promise<OverfitResult> {
  const config = modelConfigFor(checkModel, checkMethod);
  const batch = buildBatch(reversalExamples(seed), checkMethod, config, createRng(seed + 1), { T: CHECK_T });
  return withEngines(ctx, [config], optimizer, async ([e]) => {
    e.setParameters(checkParameters(config, seed));
    const t0 = performance.now();
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) losses.push((await e.step(batch, { wantMetrics: true }))!.loss.total);
    return { losses, finalLoss: losses[losses.length - 1] ?? NaN, ms: performance.now() - t0 };
  });
}

export interface EngineCheckReport {
  invariance: InvarianceResult;
  alphaZero: AlphaZeroResult;
  overfit: OverfitResult;
  /** The matmul choice on this device: 'autotune' (every unsplit variant gives bitwise the same curve; a split over k,
   * timed only on GPU-class devices, differs at rounding level) or a forced variant. */
  matmul: string;
  /** Whether the device has subgroups (attention then runs its subgroup variant, tiles of min(8, subgroup)). */
  subgroups: boolean;
  ms: { invariance: number; alphaZero: number; overfit: number; total: number };
}

/** Default overfit length: enough for the loss to pass 0.05 with margin. */
export const OVERFIT_STEPS = 60;

/** The three checks in order, timed. */
export async function runEngineChecks(ctx: GpuContext, overfitSteps = OVERFIT_STEPS): Promise<EngineCheckReport> {
  const t0 = performance.now();
  const invariance = await registerInvarianceCheck(ctx);
  const t1 = performance.now();
  const alphaZero = await alphaZeroGradientCheck(ctx);
  const t2 = performance.now();
  const overfit = await overfitCheck(ctx, overfitSteps);
  const t3 = performance.now();
  return {
    invariance, alphaZero, overfit, matmul: (await kernelSelection(ctx)).matmul, subgroups: ctx.hasSubgroups,
    ms: { invariance: t1 - t0, alphaZero: t2 - t1, overfit: t3 - t2, total: t3 - t0 },
  };
}

/** Math.max that keeps NaN (a NaN anywhere must fail a check, not vanish). */
function maxNaN(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

