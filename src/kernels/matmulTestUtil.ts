// The float64 oracle of the matmul tests (matmul.test.ts, matmulBatch.test.ts).
import type { MatmulShape } from './matmulShape';

/** C[M,N] (+)= op(A)·op(B) in float64. */
export function matmulReference(s: MatmulShape, a: Float32Array, b: Float32Array, c0: Float32Array | null): Float64Array {
  const { M, N, K } = s;
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = c0 ? c0[m * N + n] : 0;
      for (let k = 0; k < K; k++) {
        acc += a[s.transA ? k * M + m : m * K + k] * b[s.transB ? n * K + k : k * N + n];
      }
      out[m * N + n] = acc;
    }
  }
  return out;
}
