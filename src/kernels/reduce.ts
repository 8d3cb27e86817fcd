// Row reductions: out[r] = Σ_n f(x[r, n]) over x[R, N], f(v) = v (sum) or v² (sumSquares). A flat buffer's total
// (the global gradient norm's sum of squares) is the R = 1 case.
// Pass 1: workgroup (chunk, row) reduces CHUNK consecutive elements of its row: 64 invocations each sum a strided
// sixteenth, then a tree in workgroup memory → partial[R, P], P = ceil(N / CHUNK). Later passes sum partial rows
// the same way until P = 1; the last pass writes out[R]. Partials live in scratch buffers made once per kernel
// (dispatches run in submission order, so every binding of a kernel may share them).
import type { GpuContext } from '../gpu/context';
import { uniformWords } from '../gpu/buffers';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, type BufferArg } from './bufferArgs';

export type ReduceOp = 'sum' | 'sumSquares';

export interface ReduceShape {
  rows: number;
  cols: number;
  op: ReduceOp;
}

export interface ReduceKernel {
  shape: ReduceShape;
  /** x: [rows, cols], out: [rows]. */
  bind(x: BufferArg, out: BufferArg): PreparedDispatch[];
}

const WORKGROUP = 64;
const CHUNK = WORKGROUP * 16;

function code(op: ReduceOp): string {
  return /* wgsl */ `
struct Dims { rows: u32, cols: u32 }
@group(0) @binding(0) var<uniform> d: Dims;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;    // [rows, cols]
@group(0) @binding(2) var<storage, read_write> out: array<f32>;  // [rows, ceil(cols / ${CHUNK})]
var<workgroup> part: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wg.z * groups.y + wg.y;
  if (row >= d.rows) { return; }
  let start = row * d.cols + wg.x * ${CHUNK}u;
  let end = row * d.cols + min((wg.x + 1u) * ${CHUNK}u, d.cols);
  var acc = 0.0;
  for (var i = start + lid.x; i < end; i += ${WORKGROUP}u) {
    let v = x[i];
    acc += ${op === 'sum' ? 'v' : 'v * v'};
  }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid.x < s) { part[lid.x] += part[lid.x + s]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { out[row * groups.x + wg.x] = part[0]; }
}`;
}

export async function createRowReduce(ctx: GpuContext, shape: ReduceShape): Promise<ReduceKernel> {
  const { rows, cols, op } = shape;
  for (const [k, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`reduce: ${k} must be a positive integer, got ${v}`);
  }
  const maxGroups = ctx.device.limits.maxComputeWorkgroupsPerDimension;
  const gy = Math.min(rows, maxGroups);
  const gz = Math.ceil(rows / gy);
  if (gz > maxGroups) throw new Error(`reduce: ${rows} rows exceed the dispatch grid`);
  // Passes: reduce `width` columns to ceil(width / CHUNK) until one is left.
  const passes: { op: ReduceOp; width: number; chunks: number }[] = [];
  for (let width = cols, first = true; first || width > 1; first = false) {
    const chunks = Math.ceil(width / CHUNK);
    passes.push({ op: first ? op : 'sum', width, chunks });
    width = chunks;
  }
  if (passes[0].chunks > maxGroups) throw new Error(`reduce: rows of ${cols} exceed the dispatch grid`);
  const label = `reduce ${op} ${rows}×${cols}`;
  const pipelines = await Promise.all(passes.map((p) => ctx.pipelines.get({ label: `reduce ${p.op}`, code: code(p.op) })));
  const dims = passes.map((p, i) => ctx.buffers.uniform(`${label} pass ${i}`, uniformWords([rows, p.width])));
  const scratch = passes.slice(0, -1).map((p, i) => ctx.buffers.create(`${label} partials ${i}`, rows * p.chunks * 4));
  return {
    shape: { ...shape },
    bind(x, out) {
      expectElements(x, rows * cols, `${label} x`);
      expectElements(out, rows, `${label} out`);
      const inputs = [x, ...scratch], outputs = [...scratch, out];
      return passes.map((p, i) => prepareDispatch(ctx.device, {
        pipeline: pipelines[i],
        bindings: [dims[i], inputs[i], outputs[i]],
        workgroups: [p.chunks, gy, gz],
        label: `${label} pass ${i}`,
      }));
    },
  };
}

/** out[0] = Σ f(x[i]) over a flat buffer of n floats. */
export function createTotalReduce(ctx: GpuContext, n: number, op: ReduceOp): Promise<ReduceKernel> {
  return createRowReduce(ctx, { rows: 1, cols: n, op });
}
