// Elementwise ops on flat f32 arrays of n elements, all from one kernel:
//   out[i] = alpha·x[i] + beta·y[i] + gamma
// with absent terms left out of the generated WGSL: fill (gamma), copy/scale (alpha·x), add (alpha·x + beta·y).
// In place (a += b, a *= s): bind the same range as x and out; the in-place pipeline then reads x from out.
// n and the coefficients live in a uniform made once per kernel, so the
// pipeline is shared by every size; vec4 when n is a multiple of 4 (ranges start 256-byte aligned).
import type { GpuContext } from '../gpu/context';
import { uniformWords } from '../gpu/buffers';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, type BufferArg } from './bufferArgs';

type Form = 'fill' | 'scale' | 'axpby';

const WORKGROUP = 256;

/** WGSL for one form; `inPlace`: x is out itself (WebGPU rejects overlapping writable bindings, so x is not bound). */
function code(form: Form, vec: boolean, inPlace: boolean): string {
  const t = vec ? 'vec4f' : 'f32';
  const x = inPlace ? 'out' : 'x';
  const inputs = { fill: [], scale: [x], axpby: [x, 'y'] }[form].filter((name) => name !== 'out');
  const expr = { fill: `${t}(u.gamma)`, scale: `u.alpha * ${x}[i]`, axpby: `u.alpha * ${x}[i] + u.beta * y[i]` }[form];
  return /* wgsl */ `
struct Params { n: u32, alpha: f32, beta: f32, gamma: f32 }  // n counts ${t}s
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;  // [n]
${inputs.map((name, k) => `@group(0) @binding(${k + 2}) var<storage, read_write> ${name}: array<${t}>;  // [n]`).join('\n')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = (wg.y * groups.x + wg.x) * ${WORKGROUP}u + lid.x;
  if (i < u.n) { out[i] = ${expr}; }
}`;
}

function rangeOf(arg: BufferArg): [GPUBuffer, number, number] {
  if (!('buffer' in arg)) return [arg, 0, arg.size];
  const offset = arg.offset ?? 0;
  return [arg.buffer, offset, arg.size ?? arg.buffer.size - offset];
}

/** True when x and out are the same range; throws when they overlap otherwise. */
function sameRange(x: BufferArg, out: BufferArg, label: string): boolean {
  const [bx, ox, sx] = rangeOf(x), [bo, oo, so] = rangeOf(out);
  if (bx !== bo || ox + sx <= oo || oo + so <= ox) return false;
  if (ox === oo) return true;
  throw new Error(`${label}: x and out overlap without being the same range`);
}

/** Prepares dispatches of one form for n elements; `bind` takes out first, then the form's inputs (x may be out). */
async function createElementwise(ctx: GpuContext, form: Form, n: number, coeffs: { alpha?: number; beta?: number; gamma?: number }) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`elementwise ${form}: n must be a positive integer, got ${n}`);
  const vec = n % 4 === 0;
  const units = vec ? n / 4 : n;
  const groups = Math.ceil(units / WORKGROUP);
  const gx = Math.min(groups, ctx.device.limits.maxComputeWorkgroupsPerDimension);
  const workgroups: [number, number] = [gx, Math.ceil(groups / gx)];
  const label = `elementwise ${form}${vec ? ' vec4' : ''}`;
  const [separate, inPlace] = await Promise.all([false, true].map((p) => ctx.pipelines.get({ label: `${label}${p ? ' in place' : ''}`, code: code(form, vec, p) })));
  const params = ctx.buffers.uniform(`${label} params`, uniformWords([units, { f32: coeffs.alpha ?? 0 }, { f32: coeffs.beta ?? 0 }, { f32: coeffs.gamma ?? 0 }]));
  return (out: BufferArg, ...inputs: BufferArg[]): PreparedDispatch[] => {
    for (const arg of [out, ...inputs]) expectElements(arg, n, label);
    const [x, ...rest] = inputs;
    if (x && sameRange(x, out, label)) {
      return [prepareDispatch(ctx.device, { pipeline: inPlace, bindings: [params, out, ...rest], workgroups, label: `${label} in place` })];
    }
    return [prepareDispatch(ctx.device, { pipeline: separate, bindings: [params, out, ...inputs], workgroups, label })];
  };
}

/** out[n] = value (zero a gradient buffer: value 0). */
export async function createFill(ctx: GpuContext, n: number, value = 0) {
  const bind = await createElementwise(ctx, 'fill', n, { gamma: value });
  return { n, bind: (out: BufferArg) => bind(out) };
}

/** out[n] = alpha·x[n]; alpha 1 copies; x may be out (scale in place). */
export async function createScale(ctx: GpuContext, n: number, alpha = 1) {
  const bind = await createElementwise(ctx, 'scale', n, { alpha });
  return { n, bind: (x: BufferArg, out: BufferArg) => bind(out, x) };
}

/** out[n] = x[n]. */
export function createCopy(ctx: GpuContext, n: number) {
  return createScale(ctx, n, 1);
}

/** out[n] = alpha·x[n] + beta·y[n]: the residual add y = a + b; out may be x (a += b). */
export async function createAdd(ctx: GpuContext, n: number, alpha = 1, beta = 1) {
  const bind = await createElementwise(ctx, 'axpby', n, { alpha, beta });
  return { n, bind: (x: BufferArg, y: BufferArg, out: BufferArg) => bind(out, x, y) };
}
