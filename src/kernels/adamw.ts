// AdamW over the flat parameter buffer (PyTorch semantics, as src/reference/adamw.ts) with global-norm gradient
// clipping, all on the GPU: the norm is reduced and the clip factor computed there, nothing is read back.
// P = floats of the flat layout; mask[P]: bit 0 = trainable, bit 1 = decay (alignment gaps and frozen tensors: 0).
//   gradSquares: partial[w] = Σ_{i in chunk w, trainable} g[i]²                    (4·CHUNK floats per workgroup)
//   gradClip:    norm = sqrt(Σ partial); clip[0] = maxNorm > 0 ? min(1, maxNorm / (norm + 1e-6)) : 1; clip[1] = norm;
//                clip[2] = the first step t whose loss (loss[0]) or norm was NaN or ±Inf (sticky; 0: none so far), so
//                a fault is pinned to its step even when metrics are read back only every few steps
//   adamwUpdate: for trainable i: g = grad·clip[0]; m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
//                p = p·decay − stepSize·m / (sqrt(v)/sqrtBias2 + eps)     decay = 1 − lr·wd where the decay bit is set
// The per-step scalars (stepSize = lr/(1−β1^t), sqrtBias2 = sqrt(1−β2^t), 1 − lr·wd, t) come from a small uniform
// the engine writes before each step (adamwHyperparameters), so a schedule never rebuilds a pipeline.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

export const TRAINABLE_BIT = 1;
export const DECAY_BIT = 2;
/** Kernels read vec4s (P, a layout's totalSize, is a multiple of 64); PV = P / 4. gradSquares: CHUNK vec4s per
 * workgroup of 64. */
const CHUNK = 64 * 16;

/** Words of the hyperparameter uniform. */
export const HYPER_WORDS = 8;
/** Floats of the clip buffer: scale, norm, first non-finite step, pad. */
export const CLIP_FLOATS = 4;

export interface AdamWScalars {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  maxGradNorm: number;
}

const hyperStruct = /* wgsl */ `
struct Hyper { beta1: f32, beta2: f32, eps: f32, decay: f32, stepSize: f32, sqrtBias2: f32, maxGradNorm: f32, step: f32 }
@group(0) @binding(0) var<uniform> hp: Hyper;`;

const squaresCode = /* wgsl */ `
override PV: u32;
@group(0) @binding(0) var<storage, read_write> grads: array<vec4f>;  // [P]
@group(0) @binding(1) var<storage, read_write> mask: array<vec4u>;   // [P]
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;  // [ceil(PV / CHUNK)]
var<workgroup> part: array<f32, 64>;
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) t: u32) {
  let start = wg.x * ${CHUNK}u;
  var acc = vec4f(0.0);
  for (var i = start + t; i < min(start + ${CHUNK}u, PV); i += 64u) {
    let g = grads[i];
    acc += select(vec4f(0.0), g * g, (mask[i] & vec4u(${TRAINABLE_BIT}u)) != vec4u(0u));
  }
  part[t] = acc.x + acc.y + acc.z + acc.w;
  for (var half = 32u; half > 0u; half >>= 1u) {
    workgroupBarrier();
    if (t < half) { part[t] += part[t + half]; }
  }
  if (t == 0u) { partial[wg.x] = part[0]; }
}`;

const clipCode = /* wgsl */ `${hyperStruct}
override PARTS: u32;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;  // [PARTS]
@group(0) @binding(2) var<storage, read_write> clip: array<f32>;     // [CLIP_FLOATS]: scale, norm, first bad step
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;     // [1+]: the step's total loss first
var<workgroup> part: array<f32, 256>;
fn nonFinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u; }
@compute @workgroup_size(256) fn main(@builtin(local_invocation_index) t: u32) {
  var acc = 0.0;
  for (var i = t; i < PARTS; i += 256u) { acc += partial[i]; }
  part[t] = acc;
  for (var half = 128u; half > 0u; half >>= 1u) {
    workgroupBarrier();
    if (t < half) { part[t] += part[t + half]; }
  }
  if (t == 0u) {
    let norm = sqrt(part[0]);
    clip[0] = select(1.0, min(1.0, hp.maxGradNorm / (norm + 1e-6)), hp.maxGradNorm > 0.0);
    clip[1] = norm;
    if (clip[2] == 0.0 && (nonFinite(norm) || nonFinite(loss[0]))) { clip[2] = hp.step; }
  }
}`;

const updateCode = /* wgsl */ `${hyperStruct}
override PV: u32;
@group(0) @binding(1) var<storage, read_write> params: array<vec4f>; // [P]
@group(0) @binding(2) var<storage, read_write> grads: array<vec4f>;  // [P]
@group(0) @binding(3) var<storage, read_write> m: array<vec4f>;      // [P]
@group(0) @binding(4) var<storage, read_write> v: array<vec4f>;      // [P]
@group(0) @binding(5) var<storage, read_write> mask: array<vec4u>;   // [P]
@group(0) @binding(6) var<storage, read_write> clip: array<f32>;     // [2]
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= PV) { return; }
  let bits = mask[i];
  let trainable = (bits & vec4u(${TRAINABLE_BIT}u)) != vec4u(0u);
  if (!any(trainable)) { return; }
  let g = grads[i] * clip[0];
  let mi = select(m[i], hp.beta1 * m[i] + (1.0 - hp.beta1) * g, trainable);
  let vi = select(v[i], hp.beta2 * v[i] + (1.0 - hp.beta2) * g * g, trainable);
  m[i] = mi;
  v[i] = vi;
  let decay = select(vec4f(1.0), vec4f(hp.decay), (bits & vec4u(${DECAY_BIT}u)) != vec4u(0u));
  params[i] = select(params[i], params[i] * decay - hp.stepSize * mi / (sqrt(vi) / hp.sqrtBias2 + hp.eps), trainable);
}`;

/** The uniform's words for optimizer step t (1-based count after this step) at learning rate lr (t exact as f32 to 2^24). */
export function adamwHyperparameters(s: AdamWScalars, lr: number, t: number): Float32Array<ArrayBuffer> {
  return new Float32Array([
    s.beta1, s.beta2, s.eps, 1 - lr * s.weightDecay,
    lr / (1 - Math.pow(s.beta1, t)), Math.sqrt(1 - Math.pow(s.beta2, t)), s.maxGradNorm, t,
  ]);
}

/** Floats of the gradient-norm `partial` scratch for P parameters: one per gradSquares workgroup. */
export function adamwPartialFloats(P: number): number {
  return Math.ceil(P / 4 / CHUNK);
}

/** P: floats of the flat layout, a multiple of 4. */
export async function createAdamW(ctx: GpuContext, P: number) {
  if (!(Number.isInteger(P) && P > 0 && P % 4 === 0)) throw new Error(`adamw: P must be a positive multiple of 4, got ${P}`);
  const PV = P / 4, parts = adamwPartialFloats(P);
  const [squares, clip, update] = await Promise.all([
    ctx.pipelines.get({ label: 'gradSquares', code: squaresCode, constants: { PV } }),
    ctx.pipelines.get({ label: 'gradClip', code: clipCode, constants: { PARTS: parts } }),
    ctx.pipelines.get({ label: 'adamwUpdate', code: updateCode, constants: { PV } }),
  ]);
  const device = ctx.device;
  return {
    /** Floats the `partial` scratch buffer needs. */
    partialFloats: parts,
    /**
     * Clip then update: params, m, v [P] in place; grads [P] read; clip [CLIP_FLOATS] = (scale, norm, first bad step)
     * left for metrics (zero it to reset the flag); loss: the step's loss report (its total first), only checked.
     */
    bind(a: { hyper: GPUBuffer; params: BufferArg; grads: BufferArg; m: BufferArg; v: BufferArg; mask: BufferArg; partial: BufferArg; clip: BufferArg; loss: BufferArg }): PreparedDispatch[] {
      for (const [arg, n] of [[a.params, 'params'], [a.grads, 'grads'], [a.m, 'm'], [a.v, 'v'], [a.mask, 'mask']] as const) expectElements(arg, P, `adamw ${n}`);
      expectElements(a.partial, parts, 'adamw partial');
      expectElements(a.clip, CLIP_FLOATS, 'adamw clip');
      expectElements(a.loss, 1, 'adamw loss');
      expectElements(a.hyper, HYPER_WORDS, 'adamw hyperparameters');
      return [
        prepareDispatch(device, { pipeline: squares, bindings: [a.grads, a.mask, a.partial], workgroups: [workgroupsFor(PV, CHUNK, 'gradSquares')], label: 'gradSquares' }),
        prepareDispatch(device, { pipeline: clip, bindings: [a.hyper, a.partial, a.clip, a.loss], workgroups: [1], label: 'gradClip' }),
        prepareDispatch(device, { pipeline: update, bindings: [a.hyper, a.params, a.grads, a.m, a.v, a.mask, a.clip], workgroups: [workgroupsFor(PV, 256, 'adamwUpdate')], label: 'adamwUpdate' }),
      ];
    },
  };
}

export type AdamWKernels = Awaited<ReturnType<typeof createAdamW>>;
