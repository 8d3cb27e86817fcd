// SwiGLU activation of the MLP, elementwise over M = N·F values (N tokens, F = dFF):
//   forward:  hid = silu(gate) · up,            silu(a) = a·σ(a)
//   backward: dup = dhid · silu(gate);  dgate = dhid · up · σ(a)·(1 + a·(1 − σ(a)))
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

const sigmoid = /* wgsl */ `
override M: u32;
fn sigmoid(a: f32) -> f32 { return 1.0 / (1.0 + exp(-a)); }`;

const forwardCode = /* wgsl */ `${sigmoid}
@group(0) @binding(0) var<storage, read_write> gate: array<f32>;       // [M]
@group(0) @binding(1) var<storage, read_write> up: array<f32>;         // [M]
@group(0) @binding(2) var<storage, read_write> hid: array<f32>;  // [M]
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= M) { return; }
  let a = gate[i];
  hid[i] = a * sigmoid(a) * up[i];
}`;

const backwardCode = /* wgsl */ `${sigmoid}
@group(0) @binding(0) var<storage, read_write> dhid: array<f32>;       // [M]
@group(0) @binding(1) var<storage, read_write> gate: array<f32>;       // [M]
@group(0) @binding(2) var<storage, read_write> up: array<f32>;         // [M]
@group(0) @binding(3) var<storage, read_write> dgate: array<f32>; // [M]
@group(0) @binding(4) var<storage, read_write> dup: array<f32>;  // [M]
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
  const [forward, backward] = await Promise.all([
    ctx.pipelines.get({ label: 'swigluForward', code: forwardCode, constants: { M } }),
    ctx.pipelines.get({ label: 'swigluBackward', code: backwardCode, constants: { M } }),
  ]);
  const device = ctx.device;
  const workgroups = workgroupsFor(M, 256, 'swiglu');
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
