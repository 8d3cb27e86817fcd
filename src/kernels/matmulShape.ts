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

/** One variant's form for one shape: WGSL whose structure depends on the shape's transposes, accumulate and
 * alignments (the label names that structure), and the dispatch grid. */
export interface MatmulPlan {
  label: string;
  code: string;
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

/** WGSL header: the sizes and the three bindings. M, N, K come from a uniform, so a variant compiles one pipeline
 * per structure (transposes, accumulate, alignments) and every shape of that structure shares it: compiles take
 * seconds on CPU rasterizers, and on lavapipe the uniform version measured as fast as sizes folded in as constants.
 * Every storage binding is read_write so that A, B and C may be ranges of one buffer: WebGPU rejects a buffer bound
 * read-only and writable in one dispatch, but allows several non-overlapping writable ranges of it. */
export function matmulBindings(aType: string, bType: string, cType: string): string {
  return /* wgsl */ `
struct Dims { M: u32, N: u32, K: u32 }
@group(0) @binding(0) var<storage, read_write> a: array<${aType}>;
@group(0) @binding(1) var<storage, read_write> b: array<${bType}>;
@group(0) @binding(2) var<storage, read_write> c: array<${cType}>;
@group(0) @binding(3) var<uniform> dims: Dims;`;
}

/** First statement of every matmul's main: the sizes under their short names. */
export const DIMS_LETS = 'let M = dims.M; let N = dims.N; let K = dims.K;';
