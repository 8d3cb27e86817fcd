// What every matmul variant shares: the shape contract and the plan a variant hands back to createMatmul.
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
//   op(A) = A stored [M,K], or Aᵀ with A stored [K,M] (transA); op(B) = B stored [K,N], or Bᵀ with B stored [N,K] (transB).
// All matrices are row-major f32, except B with `halfB`: f16, e.g. the f16 copy of a weight; every variant reads it
// as packed pairs, widens it to f32 on load (unpack2x16float) and accumulates in f32.
// Batched (batch Z > 1): Z products in one dispatch, C_z (+)= op(A_z)·op(B_z), z < Z; each operand is one matrix per z
// at a fixed stride in its buffer (q, k and v from one input and three weights) or one shared by every z (stride 0);
// with `sum` the products add into one C = (C +) Σ_z op(A_z)·op(B_z) (the input gradient of q, k and v together).
// The strides come with each binding (uniform words 4..6), so one pipeline serves every set of operands.
// Grouped (groups G > 1): G such sets in one dispatch, G·Z products (a sum: G sums, one C per group); group g's
// operands sit at a second stride (uniform words 8..10, after kC), so product (g, z) reads X at z·sX + g·gX. The
// stacked heads' blocks (engine/headStacks.ts): one group per head, its own weights, its own rows of the activations.
// Ungrouped shapes compile to the same WGSL as before grouping existed (no g terms, the same uniform struct).
// Split over k (matmulSplit.ts): a variant's kernel for a KernelShape with `splitK` computes one chunk of k per grid
// z layer into the scratch of partial products instead of C; the chunk length is uniform word 7.

export interface MatmulShape {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  /** C += result (gradient accumulation) instead of C = result. */
  accumulate?: boolean;
  /** Products in one dispatch (default 1); the strides are the binding's. */
  batch?: number;
  /** With batch: one C, the sum of the Z products. */
  sum?: boolean;
  /** B stored as f16, read as packed pairs (no shader-f16 needed); its strides count f16s. */
  halfB?: boolean;
  /** Sets of Z products in one dispatch (default 1), each with its own operands at the binding's group strides. */
  groups?: number;
}

/** What a variant generates code for: a shape, or (splitK) the partial products of its k chunks. */
export interface KernelShape extends MatmulShape {
  /** Grid z = (product·chunks + chunk), or chunk alone for a sum or one product: the kernel sums k over its chunk
   * only and writes P[wg.z] = that partial product (no accumulate) into the scratch P[z·chunks + chunk, M, N]. */
  splitK?: boolean;
}

/** Z of a shape (1 unless batched). */
export function batchOf(s: MatmulShape): number {
  return s.batch ?? 1;
}

/** G of a shape (1 unless grouped). */
export function groupsOf(s: MatmulShape): number {
  return s.groups ?? 1;
}

const grouped = (s: MatmulShape) => groupsOf(s) > 1;

/** 2·M·N·K for every product. */
export function matmulFlops(s: MatmulShape): number {
  return 2 * s.M * s.N * s.K * batchOf(s) * groupsOf(s);
}

/** One variant's form for one shape: WGSL whose structure depends on the shape's transposes, accumulate and
 * alignments (the label names that structure), and the dispatch grid. */
export interface MatmulPlan {
  label: string;
  code: string;
  workgroups: [number, number, number];
}

export function describeShape(s: MatmulShape): string {
  const t = `${s.transA ? 'Aᵀ' : 'A'}·${s.transB ? 'Bᵀ' : 'B'}`;
  const z = batchOf(s) > 1 ? ` ${s.sum ? 'Σ' : '×'}${s.batch}` : '';
  const g = grouped(s) ? ` g${s.groups}` : '';
  return `${s.M}×${s.N}×${s.K} ${t}${s.accumulate ? ' +=' : ''}${z}${g}${s.halfB ? ' f16B' : ''}`;
}

/** The label's marks of a batched structure (' z': one C per product, ' Σz': summed), of groups (' g'), of an f16 B
 * (' hB') and of a split's partial products (' k/'). */
export function batchLabel(s: KernelShape): string {
  return `${batchOf(s) > 1 ? (s.sum ? ' Σz' : ' z') : ''}${grouped(s) ? ' g' : ''}${s.halfB ? ' hB' : ''}${s.splitK ? ' k/' : ''}`;
}

/** Bytes of one stored element of B. */
export function bBytes(s: MatmulShape): number {
  return s.halfB ? 2 : 4;
}

export function validateShape(s: MatmulShape): void {
  for (const k of ['M', 'N', 'K'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`matmul: ${k} must be a positive integer, got ${s[k]}`);
  }
  const Z = batchOf(s);
  if (!Number.isInteger(Z) || Z < 1) throw new Error(`matmul: batch must be a positive integer, got ${s.batch}`);
  if (s.sum && Z < 2) throw new Error('matmul: sum needs a batch of at least 2 products');
  const G = groupsOf(s);
  if (!Number.isInteger(G) || G < 1) throw new Error(`matmul: groups must be a positive integer, got ${s.groups}`);
}

/** WGSL header: the sizes and the three bindings. M, N, K come from a uniform, so a variant compiles one pipeline
 * per structure (transposes, accumulate, alignments) and every shape of that structure shares it: compiles take
 * seconds on CPU rasterizers, and on lavapipe the uniform version measured as fast as sizes folded in as constants.
 * Every storage binding is read_write so that A, B and C may be ranges of one buffer: WebGPU rejects a buffer bound
 * read-only and writable in one dispatch, but allows several non-overlapping writable ranges of it. */
export function matmulBindings(s: KernelShape, aVec: boolean, bVec: boolean, cVec: boolean): string {
  const type = (vec: boolean, half = false) => (half ? (vec ? 'vec2u' : 'u32') : vec ? 'vec4f' : 'f32');
  const [aType, bType, cType] = [type(aVec), type(bVec, s.halfB), type(cVec)];
  return /* wgsl */ `${s.halfB ? halfReads(bVec) : ''}
${dimsStruct(s.splitK, grouped(s))}
@group(0) @binding(0) var<storage, read_write> a: array<${aType}>;
@group(0) @binding(1) var<storage, read_write> b: array<${bType}>;
@group(0) @binding(2) var<storage, read_write> c: array<${cType}>;
@group(0) @binding(3) var<uniform> dims: Dims;`;
}

/** The uniform's WGSL struct; kC (the k chunk's length) only where a kernel reads it, or before a grouped shape's
 * group strides. */
export function dimsStruct(splitK = false, groups = false): string {
  const tail = groups ? ', kC: u32, gA: u32, gB: u32, gC: u32' : splitK ? ', kC: u32' : '';
  return `struct Dims { M: u32, N: u32, K: u32, Z: u32, sA: u32, sB: u32, sC: u32${tail} }`;
}

/** WGSL: a split's chunk count from the uniform (the last chunk may be shorter; none is empty, matmulSplit.ts). */
export const CHUNKS = '(dims.K + dims.kC - 1u) / dims.kC';

/** First statement of every matmul's main: the sizes under their short names; with splitK, also this workgroup's
 * chunk [kLo, kHi) of k (kLo a multiple of 4: kC is; only the last chunk, kHi = K, may end off a multiple of 4). */
export function dimsLets(s: KernelShape): string {
  const sizes = 'let M = dims.M; let N = dims.N; let K = dims.K;';
  if (!s.splitK) return sizes;
  return `${sizes} let chunks = ${CHUNKS}; let kLo = (wg.z % chunks) * dims.kC; let kHi = min(kLo + dims.kC, K);`;
}

/** WGSL bounds of the k loop: the whole of k, or this workgroup's chunk. */
export function kRange(s: KernelShape): { lo: string; hi: string } {
  return s.splitK ? { lo: 'kLo', hi: 'kHi' } : { lo: '0u', hi: 'K' };
}

/** An f16 B is read as packed pairs (u32, unpack2x16float: core WGSL, exact on every adapter): CPU rasterizers split
 * every storage load into 32-bit lane loads, so 4 halves cost 2 loads (as vec4<f16> under shader-f16 they measured no
 * faster than f32 on lavapipe). */
const halfReads = (vec: boolean) => (vec
  ? 'fn half4(v: vec2u) -> vec4f { return vec4f(unpack2x16float(v.x), unpack2x16float(v.y)); }'
  : 'fn half1(i: u32) -> f32 { return unpack2x16float(b[i / 2u])[i % 2u]; }');

/** WGSL that reads B at `index` as f32 (or vec4f): an f16 B widens on load. */
export function bRead(s: MatmulShape, vec: boolean, index: string): string {
  if (!s.halfB) return `b[${index}]`;
  return vec ? `half4(b[${index}])` : `half1(${index})`;
}

export type Strides = [number, number, number];

/** The uniform words of a dispatch: sizes, then for a batched one Z and the operands' strides in elements, then a
 * split's chunk length (0: unsplit), then a grouped one's group strides in elements. */
export function dimsWords(s: MatmulShape, strides: Strides = [0, 0, 0], kChunk = 0, groupStrides: Strides = [0, 0, 0]): number[] {
  const words = [s.M, s.N, s.K, batchOf(s), ...strides, kChunk];
  return grouped(s) ? [...words, ...groupStrides] : words;
}

/** Which operands a variant reads and writes as vec4f (their z offsets are then counted in vec4s). */
export interface OperandVectors {
  a: boolean;
  b: boolean;
  c: boolean;
}

/** What a variant writes before an index into operand x: its z offset in a batched or grouped shape ('' otherwise).
 * C has none when summed and ungrouped (one C); a split's C (the scratch) always has one: its partial product's slot. */
export function offsetOf(s: KernelShape, x: 'a' | 'b' | 'c'): string {
  if (x === 'c' && (s.splitK || grouped(s))) return 'cOff + ';
  return (batchOf(s) > 1 && !(x === 'c' && s.sum)) || grouped(s) ? `${x}Off + ` : '';
}

/** WGSL around a variant's k loop. Batched: the z offsets of workgroup_id.z's product (`wg` is the workgroup id).
 * Summed: a loop over z that the k loop sits in, closed by `close`. Unbatched: nothing. With splitK the product is
 * wg.z / chunks, and C's offset is slot wg.z of the scratch (M·N floats each). */
export function batchLoop(s: KernelShape, v: OperandVectors): { open: string; close: string } {
  if (grouped(s)) return groupLoop(s, v);
  const slot = s.splitK ? `let cOff = wg.z * M * N${v.c ? ' / 4u' : ''};` : '';
  if (batchOf(s) === 1) return { open: slot, close: '' };
  const at = (x: 'a' | 'b' | 'c', z: string) => `let ${x}Off = ${z} * dims.s${x.toUpperCase()}${v[x] ? ' / 4u' : ''};`;
  const product = s.splitK ? 'wg.z / chunks' : 'wg.z';
  if (!s.sum) return { open: `${at('a', product)} ${at('b', product)} ${s.splitK ? slot : at('c', product)}`, close: '' };
  return { open: [slot, `for (var z = 0u; z < dims.Z; z++) { ${at('a', 'z')} ${at('b', 'z')}`].filter(Boolean).join(' '), close: '}' };
}

/** batchLoop of a grouped shape: group zg = wg.z / Z and product zi = wg.z % Z (a sum: zg = wg.z, a loop over z). */
function groupLoop(s: KernelShape, v: OperandVectors): { open: string; close: string } {
  if (s.splitK) throw new Error('matmul: a grouped shape does not split over k');
  const at = (x: 'a' | 'b' | 'c', z: string) => {
    const X = x.toUpperCase();
    return `let ${x}Off = (${z} * dims.s${X} + zg * dims.g${X})${v[x] ? ' / 4u' : ''};`;
  };
  if (!s.sum) return { open: `let zg = wg.z / dims.Z; let zi = wg.z % dims.Z; ${at('a', 'zi')} ${at('b', 'zi')} ${at('c', 'zi')}`, close: '' };
  return { open: `let zg = wg.z; ${at('c', '0u')} for (var z = 0u; z < dims.Z; z++) { ${at('a', 'z')} ${at('b', 'z')}`, close: '}' };
}

/** The grid's z extent: one workgroup layer per product, one per sum. */
export function gridZ(s: MatmulShape): number {
  return (s.sum ? 1 : batchOf(s)) * groupsOf(s);
}
