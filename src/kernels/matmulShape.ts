// What every matmul variant shares: the shape contract and the plan a variant hands back to createMatmul.
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
//   op(A) = A stored [M,K], or Aᵀ with A stored [K,M] (transA); op(B) = B stored [K,N], or Bᵀ with B stored [N,K] (transB).
// All matrices are row-major f32.

export interface MatmulShape {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  /** C += result (gradient accumulation) instead of C = result. */
  accumulate?: boolean;
}

/** One variant's compiled form for one shape: WGSL whose structure depends on the shape's transposes, accumulate
 * and alignments, where M, N, K come from, and the dispatch grid. */
export interface MatmulPlan {
  label: string;
  code: string;
  dims: DimsSource;
  workgroups: [number, number, number];
}

export function describeShape(s: MatmulShape): string {
  const t = `${s.transA ? 'Aᵀ' : 'A'}·${s.transB ? 'Bᵀ' : 'B'}`;
  return `${s.M}×${s.N}×${s.K} ${t}${s.accumulate ? ' +=' : ''}`;
}

export function validateShape(s: MatmulShape): void {
  for (const k of ['M', 'N', 'K'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`matmul: ${k} must be a positive integer, got ${s[k]}`);
  }
}

/** How a variant receives M, N, K: as override constants (one pipeline per shape, sizes folded into the code) or
 * from a uniform buffer at binding 3 (one pipeline per structure, shared by every shape). */
export type DimsSource = 'override' | 'uniform';

/** WGSL header: the sizes and the three bindings. Every binding is read_write storage so that A, B and C may be
 * ranges of one buffer: WebGPU rejects a buffer bound read-only and writable in one dispatch, but allows several
 * writable bindings of it (C must not overlap A or B). */
export function matmulBindings(dims: DimsSource, aType: string, bType: string, cType: string): string {
  const sizes = dims === 'override'
    ? 'override M: u32;\noverride N: u32;\noverride K: u32;'
    : 'struct Dims { M: u32, N: u32, K: u32 }\n@group(0) @binding(3) var<uniform> dims: Dims;';
  return /* wgsl */ `
${sizes}
@group(0) @binding(0) var<storage, read_write> a: array<${aType}>;
@group(0) @binding(1) var<storage, read_write> b: array<${bType}>;
@group(0) @binding(2) var<storage, read_write> c: array<${cType}>;`;
}

/** First statement of `main`: M, N, K as local names whichever way they arrive. */
export function dimsLets(dims: DimsSource): string {
  return dims === 'uniform' ? 'let M = dims.M; let N = dims.N; let K = dims.K;' : '';
}
