// Input embedding: gather rows into the residual stream, and its backward as a segmented sum (no float atomics).
//   forward:  x[n, :] = table row of ids[n]          token rows [V, C] at 0, register rows [R, C] at regOffset
//   backward: dTable[row, :] += Σ_{n : ids[n] = row} dx[n, :]
// The table argument is one buffer range that covers the token rows and the register rows (tokenEmbedding and
// registerEmbedding of the parameter layout; regOffset = their distance in floats). The backward reads a CSR
// index of the ids (embeddingSegments, built on the CPU with the batch): one invocation per (row, column) sums
// its own tokens' gradients, so the sum is deterministic. It accumulates because the tied embedding also receives
// the LM head's gradient. Shapes: N tokens, C = dModel, V = vocabSize, R = register rows.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

export interface EmbeddingShape {
  N: number;
  C: number;
  V: number;
  R: number;
  /** Floats from the start of the bound table to register row 0 (ignored when R = 0). */
  regOffset: number;
}

const rowBase = /* wgsl */ `
override C: u32;
override V: u32;
override REG_OFFSET: u32;
fn rowBase(id: u32) -> u32 {
  if (id < V) { return id * C; }
  return REG_OFFSET + (id - V) * C;
}`;

const forwardCode = /* wgsl */ `${rowBase}
override N: u32;
@group(0) @binding(0) var<storage, read_write> ids: array<u32>;         // [N]
@group(0) @binding(1) var<storage, read_write> table: array<f32>;       // token rows, register rows
@group(0) @binding(2) var<storage, read_write> x: array<f32>;     // [N, C]
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= N * C) { return; }
  let n = i / C;
  x[i] = table[rowBase(ids[n]) + i - n * C];
}`;

const backwardCode = /* wgsl */ `${rowBase}
override ROWS: u32;
@group(0) @binding(0) var<storage, read_write> dx: array<f32>;          // [N, C]
@group(0) @binding(1) var<storage, read_write> rowStart: array<u32>;    // [ROWS + 1]
@group(0) @binding(2) var<storage, read_write> tokenList: array<u32>;   // [N] token indices grouped by row
@group(0) @binding(3) var<storage, read_write> dTable: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= ROWS * C) { return; }
  let row = i / C;
  let c = i - row * C;
  var acc = 0.0;
  for (var s = rowStart[row]; s < rowStart[row + 1u]; s++) {
    acc += dx[tokenList[s] * C + c];
  }
  let at = rowBase(row) + c;
  dTable[at] = dTable[at] + acc;
}`;

/** CSR index of the ids: the tokens of row r are tokenList[rowStart[r] .. rowStart[r+1]), in token order. */
export function embeddingSegments(ids: ArrayLike<number>, rows: number): { rowStart: Uint32Array<ArrayBuffer>; tokenList: Uint32Array<ArrayBuffer> } {
  const rowStart = new Uint32Array(rows + 1);
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n];
    if (!(id >= 0 && id < rows)) throw new Error(`embedding: id ${id} at token ${n} is outside [0, ${rows})`);
    rowStart[id + 1]++;
  }
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  const next = rowStart.slice(0, rows);
  const tokenList = new Uint32Array(ids.length);
  for (let n = 0; n < ids.length; n++) tokenList[next[ids[n]]++] = n;
  return { rowStart, tokenList };
}

export async function createEmbedding(ctx: GpuContext, s: EmbeddingShape) {
  const { N, C, V, R } = s;
  const rows = V + R;
  const tableFloats = R > 0 ? s.regOffset + R * C : V * C;
  if (R > 0 && s.regOffset < V * C) throw new Error(`embedding: register rows at ${s.regOffset} overlap the ${V}x${C} token rows`);
  const common = { C, V, REG_OFFSET: R > 0 ? s.regOffset : 0 };
  const [forward, backward] = await Promise.all([
    ctx.pipelines.get({ label: 'embeddingForward', code: forwardCode, constants: { ...common, N } }),
    ctx.pipelines.get({ label: 'embeddingBackward', code: backwardCode, constants: { ...common, ROWS: rows } }),
  ]);
  const device = ctx.device;
  return {
    /** x[N, C] = table[ids]; ids u32 [N]. */
    bindForward(ids: BufferArg, table: BufferArg, x: BufferArg): PreparedDispatch[] {
      expectElements(ids, N, 'embeddingForward ids');
      expectElements(table, tableFloats, 'embeddingForward table');
      expectElements(x, N * C, 'embeddingForward x');
      return [prepareDispatch(device, { pipeline: forward, bindings: [ids, table, x], workgroups: [workgroupsFor(N * C, 256, 'embeddingForward')], label: 'embeddingForward' })];
    },
    /** dTable += scatter of dx[N, C] by the CSR index (rowStart [V+R+1], tokenList [N]). */
    bindBackward(dx: BufferArg, rowStart: BufferArg, tokenList: BufferArg, dTable: BufferArg): PreparedDispatch[] {
      expectElements(dx, N * C, 'embeddingBackward dx');
      expectElements(rowStart, rows + 1, 'embeddingBackward rowStart');
      expectElements(tokenList, N, 'embeddingBackward tokenList');
      expectElements(dTable, tableFloats, 'embeddingBackward dTable');
      return [prepareDispatch(device, { pipeline: backward, bindings: [dx, rowStart, tokenList, dTable], workgroups: [workgroupsFor(rows * C, 64, 'embeddingBackward')], label: 'embeddingBackward' })];
    },
  };
}

export type EmbeddingKernels = Awaited<ReturnType<typeof createEmbedding>>;
