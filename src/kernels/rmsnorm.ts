// RMSNorm forward/backward. Shapes: N rows (tokens), C columns (dModel).
//   forward:  r[n] = 1 / sqrt(mean_c x[n,c]² + eps);  y[n,c] = x[n,c] · r[n] · gain[c]      (rinv[n] = r[n] kept)
//   backward: dx[n,c] (+)= r·gain[c]·dy[n,c] − (r³/C)·x[n,c]·Σ_j dy[n,j]·gain[j]·x[n,j]
//             dgain[c]  += Σ_n dy[n,c]·x[n,c]·r[n]      (a separate kernel: one workgroup per column, tree-reduced)
// Row kernels run one invocation per row (on lavapipe a lane per row beats a workgroup per row at C = 64), reading
// rows as vec4f when C is a multiple of 4.
// Sliced (slices S > 1: a stack of S heads' norms, engine/headStacks.ts): the N rows are S slices of N/S rows, slice
// s normed with its own gain s, and its gain gradient summed over its own rows only. The S gains (and gradients) are
// ranges of one buffer at one stride (the heads' blocks), given in a small uniform per binding.
import type { GpuContext } from '../gpu/context';
import { uniformWords } from '../gpu/buffers';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';
import { stridedOperand } from './matmulOperands';

export interface RmsNormShape {
  N: number;
  C: number;
  eps: number;
  /** Slices of N / S rows with a gain each (default 1: one gain for every row). */
  slices?: number;
}

/** A gain (or its gradient) of a norm: one, or one per slice. */
export type Gains = BufferArg | readonly BufferArg[];

/** WGSL of a sliced kernel: the uniform with the rows per slice and the strides of the gains and their gradients
 * (in V), at `binding`; '' unsliced. */
const slicesUniform = (sliced: boolean, binding: number) => (sliced ? `
struct Slices { rows: u32, gain: u32, dgain: u32 }
@group(0) @binding(${binding}) var<uniform> sl: Slices;` : '');

/** WGSL before an index into the gains of row n: that slice's offset ('' unsliced). */
const gainAt = (sliced: boolean) => (sliced ? 'n / sl.rows * sl.gain + ' : '');

/** Rows are read as vec4f when C is a multiple of 4 (lavapipe splits loads per lane: fewer, wider loads win). */
function header(vec: boolean): string {
  const t = vec ? 'vec4f' : 'f32';
  return /* wgsl */ `
alias V = ${t};
override N: u32;
override C: u32;
override W = ${vec ? 'C / 4u' : 'C'};   // row width in V
fn dotV(a: V, b: V) -> f32 { return ${vec ? 'dot(a, b)' : 'a * b'}; }`;
}

const forwardCode = (vec: boolean, sliced: boolean) => /* wgsl */ `${header(vec)}
override EPS: f32;
@group(0) @binding(0) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(1) var<storage, read_write> gain: array<V>;         // [C] (sliced: S of them)
@group(0) @binding(2) var<storage, read_write> y: array<V>;            // [N, C]
@group(0) @binding(3) var<storage, read_write> rinv: array<f32>;       // [N]${slicesUniform(sliced, 4)}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let n = g.x;
  if (n >= N) { return; }
  let base = n * W;
  var ss = 0.0;
  for (var c = 0u; c < W; c++) { let v = x[base + c]; ss += dotV(v, v); }
  let r = 1.0 / sqrt(ss / f32(C) + EPS);
  rinv[n] = r;
  for (var c = 0u; c < W; c++) { y[base + c] = x[base + c] * r * gain[${gainAt(sliced)}c]; }
}`;

const backwardCode = (vec: boolean, sliced: boolean) => /* wgsl */ `${header(vec)}
override ACCUMULATE: bool;
@group(0) @binding(0) var<storage, read_write> dy: array<V>;           // [N, C]
@group(0) @binding(1) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(2) var<storage, read_write> gain: array<V>;         // [C] (sliced: S of them)
@group(0) @binding(3) var<storage, read_write> rinv: array<f32>;       // [N]
@group(0) @binding(4) var<storage, read_write> dx: array<V>;           // [N, C]${slicesUniform(sliced, 5)}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let n = g.x;
  if (n >= N) { return; }
  let base = n * W;
  let r = rinv[n];
  var d = 0.0;
  for (var c = 0u; c < W; c++) { d += dotV(dy[base + c] * gain[${gainAt(sliced)}c], x[base + c]); }
  let k = r * r * r * d / f32(C);
  for (var c = 0u; c < W; c++) {
    var v = r * gain[${gainAt(sliced)}c] * dy[base + c] - k * x[base + c];
    if (ACCUMULATE) { v += dx[base + c]; }
    dx[base + c] = v;
  }
}`;

// One workgroup per column (vec4: per 4 columns); lanes stride over rows, then a tree reduction. Sliced: one per
// column and slice (workgroup y), over that slice's rows.
const gainGradCode = (vec: boolean, sliced: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> dy: array<V>;           // [N, C]
@group(0) @binding(1) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(2) var<storage, read_write> rinv: array<f32>;       // [N]
@group(0) @binding(3) var<storage, read_write> dgain: array<V>;        // [C] (sliced: S of them)${slicesUniform(sliced, 4)}
var<workgroup> partial: array<V, 64>;
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = ${sliced ? 'wg.y * sl.dgain + wg.x' : 'wg.x'};
  var acc = V();
  for (var n = ${sliced ? 'wg.y * sl.rows + t; n < (wg.y + 1u) * sl.rows' : 't; n < N'}; n += 64u) { acc += dy[n * W + ${sliced ? 'wg.x' : 'c'}] * x[n * W + ${sliced ? 'wg.x' : 'c'}] * rinv[n]; }
  partial[t] = acc;
  for (var half = 32u; half > 0u; half >>= 1u) {
    workgroupBarrier();
    if (t < half) { partial[t] += partial[t + half]; }
  }
  if (t == 0u) { dgain[c] = dgain[c] + partial[0]; }
}`;

export async function createRmsNorm(ctx: GpuContext, s: RmsNormShape) {
  const { N, C } = s, S = s.slices ?? 1;
  if (!Number.isInteger(S) || S < 1 || N % S !== 0) throw new Error(`rmsnorm: ${N} rows do not split into ${S} slices`);
  const vec = C % 4 === 0, sliced = S > 1;
  const label = (name: string) => `${name}${sliced ? ' sliced' : ''}`;
  const [forward, backwardWrite, backwardAccumulate, gainGrad] = await Promise.all([
    ctx.pipelines.get({ label: label('rmsnormForward'), code: forwardCode(vec, sliced), constants: { N, C, EPS: s.eps } }),
    ctx.pipelines.get({ label: label('rmsnormBackward'), code: backwardCode(vec, sliced), constants: { N, C, ACCUMULATE: 0 } }),
    ctx.pipelines.get({ label: label('rmsnormBackward+'), code: backwardCode(vec, sliced), constants: { N, C, ACCUMULATE: 1 } }),
    ctx.pipelines.get({ label: label('rmsnormGainGrad'), code: gainGradCode(vec, sliced), constants: { N, C } }),
  ]);
  const device = ctx.device;
  const rowGroups = workgroupsFor(N, 64, 'rmsnorm');
  /** The gains as one binding, and (sliced) the uniform of their strides, checked as matmul operands are. */
  const gainsOf = (gain: Gains, dgain: Gains | null, what: string): { gain: BufferArg; dgain: BufferArg | null; uniform: GPUBuffer[] } => {
    const g = stridedOperand(gain, S, C, `${what} gain`), d = dgain && stridedOperand(dgain, S, C, `${what} dgain`);
    if (!sliced) return { gain: g.binding, dgain: d?.binding ?? null, uniform: [] };
    const words = uniformWords([N / S, g.stride / (vec ? 4 : 1), (d?.stride ?? 0) / (vec ? 4 : 1)]);
    return { gain: g.binding, dgain: d?.binding ?? null, uniform: [ctx.buffers.uniform(`${what} slices`, words)] };
  };
  return {
    /** y[N, C] = rms(x) · gain (sliced: each slice's rows by its gain); rinv[N] saved for the backward. */
    bindForward(x: BufferArg, gain: Gains, y: BufferArg, rinv: BufferArg): PreparedDispatch[] {
      expectElements(x, N * C, 'rmsnormForward x');
      expectElements(y, N * C, 'rmsnormForward y');
      expectElements(rinv, N, 'rmsnormForward rinv');
      const g = gainsOf(gain, null, 'rmsnormForward');
      return [prepareDispatch(device, { pipeline: forward, bindings: [x, g.gain, y, rinv, ...g.uniform], workgroups: [rowGroups], label: label('rmsnormForward') })];
    },
    /** dx[N, C] = (or += when accumulate) the input gradient; dgain[C] += the gain gradient (sliced: each slice's). */
    bindBackward(dy: BufferArg, x: BufferArg, gain: Gains, rinv: BufferArg, dx: BufferArg, dgain: Gains, accumulate: boolean): PreparedDispatch[] {
      expectElements(dy, N * C, 'rmsnormBackward dy');
      expectElements(x, N * C, 'rmsnormBackward x');
      expectElements(rinv, N, 'rmsnormBackward rinv');
      expectElements(dx, N * C, 'rmsnormBackward dx');
      const g = gainsOf(gain, dgain, 'rmsnormBackward');
      return [
        prepareDispatch(device, { pipeline: accumulate ? backwardAccumulate : backwardWrite, bindings: [dy, x, g.gain, rinv, dx, ...g.uniform], workgroups: [rowGroups], label: label('rmsnormBackward') }),
        prepareDispatch(device, { pipeline: gainGrad, bindings: [dy, x, rinv, g.dgain!, ...g.uniform], workgroups: [vec ? C / 4 : C, S], label: label('rmsnormGainGrad') }),
      ];
    },
  };
}

export type RmsNormKernels = Awaited<ReturnType<typeof createRmsNorm>>;
