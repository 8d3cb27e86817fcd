// RMSNorm forward/backward. Shapes: N rows (tokens), C columns (dModel).
//   forward:  r[n] = 1 / sqrt(mean_c x[n,c]² + eps);  y[n,c] = x[n,c] · r[n] · gain[c]      (rinv[n] = r[n] kept)
//   backward: dx[n,c] (+)= r·gain[c]·dy[n,c] − (r³/C)·x[n,c]·Σ_j dy[n,j]·gain[j]·x[n,j]
//             dgain[c]  += Σ_n dy[n,c]·x[n,c]·r[n]      (a separate kernel: one workgroup per column, tree-reduced)
// Row kernels run one invocation per row (on lavapipe a lane per row beats a workgroup per row at C = 64), reading
// rows as vec4f when C is a multiple of 4.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

export interface RmsNormShape {
  N: number;
  C: number;
  eps: number;
}

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

const forwardCode = (vec: boolean) => /* wgsl */ `${header(vec)}
override EPS: f32;
@group(0) @binding(0) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(1) var<storage, read_write> gain: array<V>;         // [C]
@group(0) @binding(2) var<storage, read_write> y: array<V>;            // [N, C]
@group(0) @binding(3) var<storage, read_write> rinv: array<f32>;       // [N]
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let n = g.x;
  if (n >= N) { return; }
  let base = n * W;
  var ss = 0.0;
  for (var c = 0u; c < W; c++) { let v = x[base + c]; ss += dotV(v, v); }
  let r = 1.0 / sqrt(ss / f32(C) + EPS);
  rinv[n] = r;
  for (var c = 0u; c < W; c++) { y[base + c] = x[base + c] * r * gain[c]; }
}`;

const backwardCode = (vec: boolean) => /* wgsl */ `${header(vec)}
override ACCUMULATE: bool;
@group(0) @binding(0) var<storage, read_write> dy: array<V>;           // [N, C]
@group(0) @binding(1) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(2) var<storage, read_write> gain: array<V>;         // [C]
@group(0) @binding(3) var<storage, read_write> rinv: array<f32>;       // [N]
@group(0) @binding(4) var<storage, read_write> dx: array<V>;           // [N, C]
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let n = g.x;
  if (n >= N) { return; }
  let base = n * W;
  let r = rinv[n];
  var d = 0.0;
  for (var c = 0u; c < W; c++) { d += dotV(dy[base + c] * gain[c], x[base + c]); }
  let k = r * r * r * d / f32(C);
  for (var c = 0u; c < W; c++) {
    var v = r * gain[c] * dy[base + c] - k * x[base + c];
    if (ACCUMULATE) { v += dx[base + c]; }
    dx[base + c] = v;
  }
}`;

// One workgroup per column (vec4: per 4 columns); lanes stride over rows, then a tree reduction.
const gainGradCode = (vec: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> dy: array<V>;           // [N, C]
@group(0) @binding(1) var<storage, read_write> x: array<V>;            // [N, C]
@group(0) @binding(2) var<storage, read_write> rinv: array<f32>;       // [N]
@group(0) @binding(3) var<storage, read_write> dgain: array<V>;        // [C]
var<workgroup> partial: array<V, 64>;
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = wg.x;
  var acc = V();
  for (var n = t; n < N; n += 64u) { acc += dy[n * W + c] * x[n * W + c] * rinv[n]; }
  partial[t] = acc;
  for (var half = 32u; half > 0u; half >>= 1u) {
    workgroupBarrier();
    if (t < half) { partial[t] += partial[t + half]; }
  }
  if (t == 0u) { dgain[c] = dgain[c] + partial[0]; }
}`;

export async function createRmsNorm(ctx: GpuContext, s: RmsNormShape) {
  const { N, C } = s;
  const vec = C % 4 === 0;
  const [forward, backwardWrite, backwardAccumulate, gainGrad] = await Promise.all([
    ctx.pipelines.get({ label: 'rmsnormForward', code: forwardCode(vec), constants: { N, C, EPS: s.eps } }),
    ctx.pipelines.get({ label: 'rmsnormBackward', code: backwardCode(vec), constants: { N, C, ACCUMULATE: 0 } }),
    ctx.pipelines.get({ label: 'rmsnormBackward+', code: backwardCode(vec), constants: { N, C, ACCUMULATE: 1 } }),
    ctx.pipelines.get({ label: 'rmsnormGainGrad', code: gainGradCode(vec), constants: { N, C } }),
  ]);
  const device = ctx.device;
  const rowGroups = workgroupsFor(N, 64, 'rmsnorm');
  return {
    /** y[N, C] = rms(x) · gain; rinv[N] saved for the backward. */
    bindForward(x: BufferArg, gain: BufferArg, y: BufferArg, rinv: BufferArg): PreparedDispatch[] {
      expectElements(x, N * C, 'rmsnormForward x');
      expectElements(gain, C, 'rmsnormForward gain');
      expectElements(y, N * C, 'rmsnormForward y');
      expectElements(rinv, N, 'rmsnormForward rinv');
      return [prepareDispatch(device, { pipeline: forward, bindings: [x, gain, y, rinv], workgroups: [rowGroups], label: 'rmsnormForward' })];
    },
    /** dx[N, C] = (or += when accumulate) the input gradient; dgain[C] += the gain gradient. */
    bindBackward(dy: BufferArg, x: BufferArg, gain: BufferArg, rinv: BufferArg, dx: BufferArg, dgain: BufferArg, accumulate: boolean): PreparedDispatch[] {
      expectElements(dy, N * C, 'rmsnormBackward dy');
      expectElements(x, N * C, 'rmsnormBackward x');
      expectElements(gain, C, 'rmsnormBackward gain');
      expectElements(rinv, N, 'rmsnormBackward rinv');
      expectElements(dx, N * C, 'rmsnormBackward dx');
      expectElements(dgain, C, 'rmsnormBackward dgain');
      return [
        prepareDispatch(device, { pipeline: accumulate ? backwardAccumulate : backwardWrite, bindings: [dy, x, gain, rinv, dx], workgroups: [rowGroups], label: 'rmsnormBackward' }),
        prepareDispatch(device, { pipeline: gainGrad, bindings: [dy, x, rinv, dgain], workgroups: [vec ? C / 4 : C], label: 'rmsnormGainGrad' }),
      ];
    },
  };
}

export type RmsNormKernels = Awaited<ReturnType<typeof createRmsNorm>>;
