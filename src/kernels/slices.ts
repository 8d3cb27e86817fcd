// Copies across the slices of a stacked activation (a stack of S heads' blocks run as one model of S·N rows,
// engine/headStacks.ts): x [n] is one slice, xs [S, n] the S slices side by side.
//   tile:      xs[s, i] = x[i]                 (the trunk's output h_L, once per head of the stack)
//   sumSlices: out[i] += Σ_s xs[s, i]          (the heads' gradients of h_L into the trunk's), s in order
// vec4 when n is a multiple of 4; one invocation per element (tile: per element and slice, the slice in workgroup y).
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

const WORKGROUP = 256;

const header = (vec: boolean) => `alias V = ${vec ? 'vec4f' : 'f32'};
override UNITS: u32;  // n in V
override S: u32;`;

const tileCode = (vec: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> x: array<V>;    // [n]
@group(0) @binding(1) var<storage, read_write> xs: array<V>;   // [S, n]
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < UNITS) { xs[g.y * UNITS + g.x] = x[g.x]; }
}`;

const sumCode = (vec: boolean) => /* wgsl */ `${header(vec)}
@group(0) @binding(0) var<storage, read_write> xs: array<V>;   // [S, n]
@group(0) @binding(1) var<storage, read_write> out: array<V>;  // [n]
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= UNITS) { return; }
  var sum = out[i];
  for (var s = 0u; s < S; s++) { sum += xs[s * UNITS + i]; }
  out[i] = sum;
}`;

async function slicesKernel(ctx: GpuContext, name: string, code: (vec: boolean) => string, n: number, S: number) {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(S) || S < 1) throw new Error(`${name}: bad size ${n} × ${S} slices`);
  const vec = n % 4 === 0, units = vec ? n / 4 : n;
  const label = `${name}${vec ? ' vec4' : ''}`;
  const pipeline = await ctx.pipelines.get({ label, code: code(vec), constants: { UNITS: units, S } });
  const groups = workgroupsFor(units, WORKGROUP, name);
  return (bindings: BufferArg[], slicesZ: number): PreparedDispatch[] => [prepareDispatch(ctx.device, { pipeline, bindings, workgroups: [groups, slicesZ], label })];
}

/** xs[S, n] = S copies of x[n]. */
export async function createTile(ctx: GpuContext, n: number, S: number) {
  const dispatch = await slicesKernel(ctx, 'tile', tileCode, n, S);
  return {
    bind(x: BufferArg, xs: BufferArg): PreparedDispatch[] {
      expectElements(x, n, 'tile x');
      expectElements(xs, S * n, 'tile xs');
      return dispatch([x, xs], S);
    },
  };
}

/** out[n] += Σ_s xs[s, n]. */
export async function createSumSlices(ctx: GpuContext, n: number, S: number) {
  const dispatch = await slicesKernel(ctx, 'sumSlices', sumCode, n, S);
  return {
    bind(xs: BufferArg, out: BufferArg): PreparedDispatch[] {
      expectElements(xs, S * n, 'sumSlices xs');
      expectElements(out, n, 'sumSlices out');
      return dispatch([xs, out], 1);
    },
  };
}
