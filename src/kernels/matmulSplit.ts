// Split-K: a matmul whose output is small and whose k is long (the weight gradients dW += Xᵀ·dY, K = tokens) leaves
// a GPU almost idle, a few workgroups each looping over all of k. Split, it runs as two dispatches:
//   1. partials: P[z·S + s, M, N] = op(A_z)·op(B_z) over chunk s of k (a sum: Σ_z of them, z dropped), one grid z
//      layer per (product, chunk); any variant's kernel with `splitK` (matmulShape.ts)
//   2. sum:      C_z (+)= P[z·S] + P[z·S + 1] + … + P[z·S + S-1], added in that order (deterministic)
// Chunks are kC = ceil(K / split) rounded up to a multiple of 4 long, so every chunk but the last starts and ends on
// a multiple of 4 (the variants' vec4 loads along k stay aligned); S = ceil(K / kC) ≤ split, so no chunk is empty.
// f32 throughout; an f16 B is read by the partials as unsplit kernels read it.
import { CHUNKS, dimsStruct, type MatmulPlan, type MatmulShape } from './matmulShape';

export interface KSplit {
  /** Chunk length (a multiple of 4). */
  kChunk: number;
  /** S: chunks, each non-empty. */
  chunks: number;
}

/** The chunks of k for a requested split (at most `split` of them). */
export function kSplit(K: number, split: number): KSplit {
  const kChunk = Math.ceil(Math.ceil(K / split) / 4) * 4;
  return { kChunk, chunks: Math.ceil(K / kChunk) };
}

const LANES = 64;

/** The sum dispatch: P [Zc·S, M, N] (the kernel's scratch, Zc = the grid z of the unsplit shape: 1 for a sum) -> C
 * [Zc, M, N] at C's stride (uniform word 6), = or += (accumulate). vec4 where N is a multiple of 4 (C's stride then
 * is one too). Reads the unsplit kernel's uniform: M, N, K, kC give the sizes and S. */
export function splitSumPlan(s: MatmulShape, zc: number): MatmulPlan {
  const vec = s.N % 4 === 0;
  const type = vec ? 'vec4f' : 'f32', per = vec ? 4 : 1, inVecs = vec ? ' / 4u' : '';
  const code = /* wgsl */ `${dimsStruct(true)}
@group(0) @binding(0) var<storage, read> p: array<${type}>;
@group(0) @binding(1) var<storage, read_write> c: array<${type}>;
@group(0) @binding(2) var<uniform> dims: Dims;
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) g: vec3u) {
  let size = dims.M * dims.N${inVecs};
  let e = g.x;
  if (e >= size) { return; }
  let chunks = ${CHUNKS};
  let first = g.z * chunks * size + e;
  var sum = p[first];
  for (var s = 1u; s < chunks; s++) { sum += p[first + s * size]; }
  let at = g.z * dims.sC${inVecs} + e;
  c[at] = ${s.accumulate ? 'c[at] + sum' : 'sum'};
}`;
  const label = `matmul split sum${s.accumulate ? ' +' : ''} ${vec ? 'v' : 's'}`;
  return { label, code, workgroups: [Math.ceil((s.M * s.N) / per / LANES), 1, zc] };
}
