// Masked multi-head softmax attention in float64. The mask is canAttend (src/model/batch.ts), evaluated per (q, k):
// masked keys are skipped entirely (never exp(-inf)), so a query's result depends bitwise only on keys it can see.
// A query with no visible key (a pad) gets output exactly 0.
// Shapes: q, k, v, y: [B*T, C] with C = nh * hd (head h = columns h*hd..(h+1)*hd); probs: [B, nh, T, T].
import { canAttend } from '../model/batch';

export interface AttentionShape {
  B: number;
  T: number;
  nh: number;
  hd: number;
}

export interface AttentionCache {
  /** [B, nh, T, T] softmax probabilities, 0 where masked. */
  probs: Float64Array;
}

export function attentionForward(
  q: Float64Array, k: Float64Array, v: Float64Array, kinds: Uint32Array, s: AttentionShape,
): { y: Float64Array; cache: AttentionCache } {
  const { B, T, nh, hd } = s;
  const C = nh * hd, scale = 1 / Math.sqrt(hd);
  const y = new Float64Array(B * T * C);
  const probs = new Float64Array(B * nh * T * T);
  const scores = new Float64Array(T);
  const visible: number[] = [];
  for (let b = 0; b < B; b++) {
    const base = b * T;
    for (let t = 0; t < T; t++) {
      visible.length = 0;
      for (let u = 0; u < T; u++) if (canAttend(kinds, base, t, u)) visible.push(u);
      if (visible.length === 0) continue; // output row stays exactly 0
      for (let h = 0; h < nh; h++) {
        const qo = (base + t) * C + h * hd;
        let max = -Infinity;
        for (const u of visible) {
          const ko = (base + u) * C + h * hd;
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += q[qo + d] * k[ko + d];
          scores[u] = dot * scale;
          if (scores[u] > max) max = scores[u];
        }
        let sum = 0;
        for (const u of visible) {
          scores[u] = Math.exp(scores[u] - max);
          sum += scores[u];
        }
        const prow = ((b * nh + h) * T + t) * T;
        for (const u of visible) {
          const p = scores[u] / sum;
          probs[prow + u] = p;
          const vo = (base + u) * C + h * hd;
          for (let d = 0; d < hd; d++) y[qo + d] += p * v[vo + d];
        }
      }
    }
  }
  return { y, cache: { probs } };
}

/**
 * From dy[B*T, C]: dq, dk, dv [B*T, C] (fresh arrays).
 *   dp_u = dy·v_u;  ds_u = p_u (dp_u - Σ_w p_w dp_w);  dq += scale Σ_u ds_u k_u;  dk_u += scale ds_u q;  dv_u += p_u dy
 */
export function attentionBackward(
  dy: Float64Array, q: Float64Array, k: Float64Array, v: Float64Array, cache: AttentionCache, s: AttentionShape,
): { dq: Float64Array; dk: Float64Array; dv: Float64Array } {
  const { B, T, nh, hd } = s;
  const C = nh * hd, scale = 1 / Math.sqrt(hd);
  const dq = new Float64Array(B * T * C), dk = new Float64Array(B * T * C), dv = new Float64Array(B * T * C);
  const dp = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    const base = b * T;
    for (let h = 0; h < nh; h++) {
      for (let t = 0; t < T; t++) {
        const prow = ((b * nh + h) * T + t) * T;
        const qo = (base + t) * C + h * hd;
        let pdp = 0;
        for (let u = 0; u < T; u++) {
          const p = cache.probs[prow + u];
          if (p === 0) { dp[u] = 0; continue; } // masked (or underflowed: contributes nothing either way)
          const vo = (base + u) * C + h * hd;
          let dot = 0;
          for (let d = 0; d < hd; d++) {
            dot += dy[qo + d] * v[vo + d];
            dv[vo + d] += p * dy[qo + d];
          }
          dp[u] = dot;
          pdp += p * dot;
        }
        for (let u = 0; u < T; u++) {
          const p = cache.probs[prow + u];
          if (p === 0) continue;
          const ds = p * (dp[u] - pdp) * scale;
          const ko = (base + u) * C + h * hd;
          for (let d = 0; d < hd; d++) {
            dq[qo + d] += ds * k[ko + d];
            dk[ko + d] += ds * q[qo + d];
          }
        }
      }
    }
  }
  return { dq, dk, dv };
}
