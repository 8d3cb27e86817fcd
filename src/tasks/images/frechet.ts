// Fréchet distance between two sets of feature vectors, each summarized by its mean μ and covariance Σ (the FID's
// formula, in a small classifier's feature space here):
//   FD = |μ1 - μ2|² + Tr(Σ1 + Σ2 - 2 (Σ1 Σ2)^{1/2}),   Tr((Σ1 Σ2)^{1/2}) = Σ_i sqrt(λ_i(A Σ2 A)), A = Σ1^{1/2}
// computed in float64 with Jacobi eigendecompositions of symmetric matrices (sizes of a few dozen here).

/** Mean [k] and covariance [k·k] (divided by n - 1) of n rows of k features. */
export function featureStatistics(rows: readonly Float64Array[]): { mean: Float64Array; cov: Float64Array } {
  const n = rows.length, k = rows[0]?.length ?? 0;
  if (n < 2) throw new Error(`fréchet distance: need at least 2 feature vectors, got ${n}`);
  const mean = new Float64Array(k), cov = new Float64Array(k * k);
  for (const r of rows) for (let i = 0; i < k; i++) mean[i] += r[i] / n;
  for (const r of rows) {
    for (let i = 0; i < k; i++) {
      const di = r[i] - mean[i];
      for (let j = 0; j < k; j++) cov[i * k + j] += (di * (r[j] - mean[j])) / (n - 1);
    }
  }
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`, [k·k]) of a symmetric k×k matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(m: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m), v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < k; r++) { // columns p, q of a
          const arp = a[r * k + p], arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) { // rows p, q of a
          const apr = a[p * k + r], aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p], vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: k }, (_, i) => a[i * k + i]), vectors: v };
}

/** The symmetric square root of a symmetric positive semi-definite k×k matrix (negative rounding noise clipped). */
function sqrtSymmetric(m: Float64Array, k: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, k), out = new Float64Array(k * k);
  for (let e = 0; e < k; e++) {
    const s = Math.sqrt(Math.max(0, values[e]));
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j] += s * vectors[i * k + e] * vectors[j * k + e];
  }
  return out;
}

function matmul(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) for (let j = 0; j < k; j++) out[i * k + j] += a[i * k + l] * b[l * k + j];
  return out;
}

export function frechetDistance(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  const s1 = featureStatistics(a), s2 = featureStatistics(b), k = s1.mean.length;
  if (s2.mean.length !== k) throw new Error(`fréchet distance: ${k} features against ${s2.mean.length}`);
  const root = sqrtSymmetric(s1.cov, k);
  const { values } = symmetricEigen(matmul(matmul(root, s2.cov, k), root, k), k);
  let fd = 0;
  for (let i = 0; i < k; i++) fd += (s1.mean[i] - s2.mean[i]) ** 2 + s1.cov[i * k + i] + s2.cov[i * k + i] - 2 * Math.sqrt(Math.max(0, values[i]));
  return fd;
}
