// SwiGLU activation of the MLP, elementwise over M = N·F values (N tokens, F = dFF):
//   forward:  hid = silu(gate) · up,            silu(a) = a·σ(a)
//   backward: dup = dhid · silu(gate);  dgate = dhid · up · σ(a)·(1 + a·(1 − σ(a)))
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

/** vec4f elements when M is a multiple of 4 (fewer, wider loads on lavapipe); M counts them. */
const header = (vec: boolean) => /* wgsl */ `
alias V = ${vec ? 'vec4f' : 'f32'};
override M: u32;
fn sigmoid(a: V) -> V { return 1.0 / (1.0 + exp(-a)); }`;

const forwardCode = (vec: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> gate: array<V>;       // [M]
@group(0) @binding(1) var<storage, read_write> up: array<V>;         // [M]
@group(0) @binding(2) var<storage, read_write> hid: array<V>;  // [M]
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= M) { return; }
  let a = gate[i];
  hid[i] = a * sigmoid(a) * up[i];
}`;

const backwardCode = (vec: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> dhid: array<V>;       // [M]
@group(0) @binding(1) var<storage, read_write> gate: array<V>;       // [M]
@group(0) @binding(2) var<storage, read_write> up: array<V>;         // [M]
@group(0) @binding(3) var<storage, read_write> dgate: array<V>; // [M]
@group(0) @binding(4) var<storage, read_write> dup: array<V>;  // [M]
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= M) { return; }
  let a = gate[i];
  let s = sigmoid(a);
  let d = dhid[i];
  dup[i] = d * a * s;
  dgate[i] = d * up[i] * s * (1.0 + a * (1.0 - s));
}`;

/** M = number of elements (tokens × dFF). */
export async function createSwiglu(ctx: GpuContext, M: number) {
  const vec = M % 4 === 0, units = vec ? M / 4 : M;
  const [forward, backward] = await Promise.all([
    ctx.pipelines.get({ label: 'swigluForward', code: forwardCode(vec), constants: { M: units } }),
    ctx.pipelines.get({ label: 'swigluBackward', code: backwardCode(vec), constants: { M: units } }),
  ]);
  const device = ctx.device;
  const workgroups = workgroupsFor(units, 256, 'swiglu');
  return {
    bindForward(gate: BufferArg, up: BufferArg, hid: BufferArg): PreparedDispatch[] {
      for (const [a, n] of [[gate, 'gate'], [up, 'up'], [hid, 'hid']] as const) expectElements(a, M, `swigluForward ${n}`);
      return [prepareDispatch(device, { pipeline: forward, bindings: [gate, up, hid], workgroups: [workgroups], label: 'swigluForward' })];
    },
    bindBackward(dhid: BufferArg, gate: BufferArg, up: BufferArg, dgate: BufferArg, dup: BufferArg): PreparedDispatch[] {
      for (const [a, n] of [[dhid, 'dhid'], [gate, 'gate'], [up, 'up'], [dgate, 'dgate'], [dup, 'dup']] as const) expectElements(a, M, `swigluBackward ${n}`);
      return [prepareDispatch(device, { pipeline: backward, bindings: [dhid, gate, up, dgate, dup], workgroups: [workgroups], label: 'swigluBackward' })];
    },
  };
}

export type SwigluKernels = Awaited<ReturnType<typeof createSwiglu>>;
