// Input embedding: gather rows into the residual stream, and its backward as a segmented sum (no float atomics).
//   forward:  x[n, :] = table row of ids[n]          token rows [V, C] at 0, register rows [R, C] at regOffset
//   backward: dTable[row, :] += Σ_{n : ids[n] = row} dx[n, :]
// The table argument is one buffer range that covers the token rows and the register rows (tokenEmbedding and
// registerEmbedding of the parameter layout; regOffset = their distance in floats). The backward reads a CSR
// index of the ids (embeddingSegments, built on the CPU with the batch): one invocation per (row, column) sums
// its own tokens' gradients, so the sum is deterministic. It accumulates because the tied embedding also receives
// the LM head's gradient. Shapes: N tokens, C = dModel, V = vocabSize, R = register rows.
// A kernel may hold a part of the table (`part`): the token rows alone or the register rows alone, each bound as its
// own range (a run with LoRA keeps the frozen token rows and the trained register rows in different buffers); the
// forward then writes the tokens of its part only and the backward sums its part's rows only.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

export interface EmbeddingShape {
  N: number;
  C: number;
  V: number;
  R: number;
  /** Floats from the start of the bound table to register row 0 (ignored when R = 0 or part is not 'all'). */
  regOffset: number;
  /** The rows the bound table holds: all (default), the V token rows, or the R register rows. */
  part?: 'all' | 'tokens' | 'registers';
}

const rowBase = /* wgsl */ `
override C: u32;
override V: u32;
override REG_OFFSET: u32;
override FIRST: u32;   // the table holds rows FIRST .. FIRST + ROWS - 1 of the id space
override ROWS: u32;
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
  let id = ids[n];
  if (id < FIRST || id >= FIRST + ROWS) { return; }
  x[i] = table[rowBase(id) + i - n * C];
}`;

const backwardCode = /* wgsl */ `${rowBase}
@group(0) @binding(0) var<storage, read_write> dx: array<f32>;          // [N, C]
@group(0) @binding(1) var<storage, read_write> rowStart: array<u32>;    // [V + R + 1]
@group(0) @binding(2) var<storage, read_write> tokenList: array<u32>;   // [N] token indices grouped by row
@group(0) @binding(3) var<storage, read_write> dTable: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= ROWS * C) { return; }
  let row = FIRST + i / C;
  let c = i - (i / C) * C;
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

/** The bound table's first row, rows, floats and register offset for a part. */
function tablePart(s: EmbeddingShape): { first: number; rows: number; floats: number; regOffset: number } {
  const { C, V, R } = s;
  switch (s.part ?? 'all') {
    case 'tokens':
      return { first: 0, rows: V, floats: V * C, regOffset: 0 };
    case 'registers':
      if (R < 1) throw new Error('embedding: a register-rows part needs R >= 1');
      return { first: V, rows: R, floats: R * C, regOffset: 0 };
    default:
      if (R > 0 && s.regOffset < V * C) throw new Error(`embedding: register rows at ${s.regOffset} overlap the ${V}x${C} token rows`);
      return { first: 0, rows: V + R, floats: R > 0 ? s.regOffset + R * C : V * C, regOffset: R > 0 ? s.regOffset : 0 };
  }
}

export async function createEmbedding(ctx: GpuContext, s: EmbeddingShape) {
  const { N, C, V, R } = s;
  const idRows = V + R;
  const { first, rows, floats: tableFloats, regOffset } = tablePart(s);
  const common = { C, V, REG_OFFSET: regOffset, FIRST: first, ROWS: rows };
  const [forward, backward] = await Promise.all([
    ctx.pipelines.get({ label: 'embeddingForward', code: forwardCode, constants: { ...common, N } }),
    ctx.pipelines.get({ label: 'embeddingBackward', code: backwardCode, constants: common }),
  ]);
  const device = ctx.device;
  return {
    /** x[N, C] = table[ids] for the ids of this part (the others' rows of x untouched); ids u32 [N]. */
    bindForward(ids: BufferArg, table: BufferArg, x: BufferArg): PreparedDispatch[] {
      expectElements(ids, N, 'embeddingForward ids');
      expectElements(table, tableFloats, 'embeddingForward table');
      expectElements(x, N * C, 'embeddingForward x');
      return [prepareDispatch(device, { pipeline: forward, bindings: [ids, table, x], workgroups: [workgroupsFor(N * C, 256, 'embeddingForward')], label: 'embeddingForward' })];
    },
    /** dTable += scatter of dx[N, C] by the CSR index (rowStart [V+R+1], tokenList [N]), this part's rows only. */
    bindBackward(dx: BufferArg, rowStart: BufferArg, tokenList: BufferArg, dTable: BufferArg): PreparedDispatch[] {
      expectElements(dx, N * C, 'embeddingBackward dx');
      expectElements(rowStart, idRows + 1, 'embeddingBackward rowStart');
      expectElements(tokenList, N, 'embeddingBackward tokenList');
      expectElements(dTable, tableFloats, 'embeddingBackward dTable');
      return [prepareDispatch(device, { pipeline: backward, bindings: [dx, rowStart, tokenList, dTable], workgroups: [workgroupsFor(rows * C, 64, 'embeddingBackward')], label: 'embeddingBackward' })];
    },
  };
}

export type EmbeddingKernels = Awaited<ReturnType<typeof createEmbedding>>;
