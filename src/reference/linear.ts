// Dense layers and RMSNorm in float64, each a forward/backward pair (llm.c style). Backward functions ACCUMULATE
// (+=) into their gradient outputs so that callers can sum contributions from several paths.
// Shapes: N rows (tokens), inputs of width In, outputs of width Out; matrices row-major [In, Out].

/** y[N, Out] = x[N, In] @ w[In, Out]. */
export function matmulForward(x: Float64Array, w: Float64Array, N: number, In: number, Out: number): Float64Array {
  const y = new Float64Array(N * Out);
  for (let n = 0; n < N; n++) {
    const yRow = n * Out;
    for (let i = 0; i < In; i++) {
      const xi = x[n * In + i];
      const wRow = i * Out;
      for (let o = 0; o < Out; o++) y[yRow + o] += xi * w[wRow + o];
    }
  }
  return y;
}

/** dx[N, In] += dy[N, Out] @ wᵀ;  dw[In, Out] += xᵀ @ dy.  Either output may be null (not needed). */
export function matmulBackward(
  dy: Float64Array, x: Float64Array, w: Float64Array, N: number, In: number, Out: number,
  dx: Float64Array | null, dw: Float64Array | null,
): void {
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < In; i++) {
      const xi = x[n * In + i];
      let acc = 0;
      for (let o = 0; o < Out; o++) {
        const g = dy[n * Out + o];
        acc += g * w[i * Out + o];
        if (dw) dw[i * Out + o] += xi * g;
      }
      if (dx) dx[n * In + i] += acc;
    }
  }
}

/** y[N, C] = x / sqrt(mean(x²) + eps) * gain[C]; also returns rinv[N] = 1 / sqrt(mean(x²) + eps). */
export function rmsnormForward(
  x: Float64Array, gain: Float64Array, N: number, C: number, eps: number,
): { y: Float64Array; rinv: Float64Array } {
  const y = new Float64Array(N * C);
  const rinv = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let ss = 0;
    for (let c = 0; c < C; c++) ss += x[n * C + c] * x[n * C + c];
    const r = 1 / Math.sqrt(ss / C + eps);
    rinv[n] = r;
    for (let c = 0; c < C; c++) y[n * C + c] = x[n * C + c] * r * gain[c];
  }
  return { y, rinv };
}

/**
 * dx[N, C] += dL/dx, dgain[C] += dL/dgain for y = x * r * gain, r = (mean(x²) + eps)^(-1/2):
 *   dx_c = r * gain_c * dy_c - (r³ / C) * x_c * Σ_j dy_j gain_j x_j
 */
export function rmsnormBackward(
  dy: Float64Array, x: Float64Array, gain: Float64Array, rinv: Float64Array, N: number, C: number,
  dx: Float64Array, dgain: Float64Array,
): void {
  for (let n = 0; n < N; n++) {
    const r = rinv[n];
    let dot = 0;
    for (let c = 0; c < C; c++) {
      const i = n * C + c;
      dot += dy[i] * gain[c] * x[i];
      dgain[c] += dy[i] * x[i] * r;
    }
    const k = (r * r * r * dot) / C;
    for (let c = 0; c < C; c++) {
      const i = n * C + c;
      dx[i] += r * gain[c] * dy[i] - k * x[i];
    }
  }
}

function sigmoid(a: number): number {
  return 1 / (1 + Math.exp(-a));
}

/** SwiGLU activation h[N*F] = silu(gate) * up, silu(a) = a * sigmoid(a). */
export function swigluForward(gate: Float64Array, up: Float64Array): Float64Array {
  const h = new Float64Array(gate.length);
  for (let i = 0; i < gate.length; i++) h[i] = gate[i] * sigmoid(gate[i]) * up[i];
  return h;
}

/** dgate, dup (overwritten, same length as gate) from dh: silu'(a) = σ(a) (1 + a (1 - σ(a))). */
export function swigluBackward(
  dh: Float64Array, gate: Float64Array, up: Float64Array,
): { dgate: Float64Array; dup: Float64Array } {
  const dgate = new Float64Array(gate.length);
  const dup = new Float64Array(gate.length);
  for (let i = 0; i < gate.length; i++) {
    const a = gate[i], s = sigmoid(a);
    dup[i] = dh[i] * a * s;
    dgate[i] = dh[i] * up[i] * s * (1 + a * (1 - s));
  }
  return { dgate, dup };
}

/** A LoRA adapter's tensors (views): A [In, r], B [r, Out], and its scale s = alpha / r. */
export interface AdapterTensors {
  a: Float64Array;
  b: Float64Array;
  scale: number;
}

/** y[N, Out] += s·(x[N, In] @ A) @ B; returns u = s·(x @ A) [N, r] for the backward. */
export function adapterForward(x: Float64Array, ad: AdapterTensors, y: Float64Array, N: number, In: number, Out: number): Float64Array {
  const r = ad.a.length / In;
  const u = matmulForward(x, ad.a, N, In, r);
  for (let i = 0; i < u.length; i++) u[i] *= ad.scale;
  const z = matmulForward(u, ad.b, N, r, Out);
  for (let i = 0; i < z.length; i++) y[i] += z[i];
  return u;
}

/** From dy[N, Out]: dx[N, In] += s·(dy @ Bᵀ) @ Aᵀ, dA += s·xᵀ @ (dy @ Bᵀ), dB += uᵀ @ dy (u from adapterForward). */
export function adapterBackward(
  dy: Float64Array, x: Float64Array, u: Float64Array, ad: AdapterTensors, g: { a: Float64Array; b: Float64Array },
  N: number, In: number, Out: number, dx: Float64Array,
): void {
  const r = ad.a.length / In;
  const du = new Float64Array(N * r);
  matmulBackward(dy, u, ad.b, N, r, Out, du, g.b);
  for (let i = 0; i < du.length; i++) du[i] *= ad.scale;
  matmulBackward(du, x, ad.a, N, In, r, dx, g.a);
}
