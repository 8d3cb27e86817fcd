// Rotary position embedding, "rotate half" (Llama/HF), at arbitrary per-token position ids.
//   1D: for pair i in [0, hd/2): (x[i], x[i + hd/2]) rotated by angle pos * theta^(-2i/hd).
//   2D: the head dim is split into halves of width hd/2; half 0 uses position component 0 (row), half 1 component 1
//       (col); within a half of width W, pair i in [0, W/2): (x[i], x[i + W/2]) rotated by pos_c * theta^(-2i/W).
// The rotation is orthogonal, so its backward is the inverse rotation: ropeApply(..., inverse = true).
import type { ModelConfig } from '../model/config';
import { headDim, positionComponents } from '../model/config';

/**
 * Rotates x[N, C] (C = nh * hd, head h = columns h*hd..(h+1)*hd) in place.
 * positions: [N * P] ids, P = positionComponents(config). inverse: rotate by -angle (the backward pass).
 */
export function ropeApply(config: ModelConfig, x: Float64Array, positions: Int32Array, N: number, inverse: boolean): void {
  const C = config.dModel, nh = config.nHeads, hd = headDim(config), P = positionComponents(config);
  // One RoPE "section" per position component: [start within head, width].
  const sections: [number, number][] = P === 1 ? [[0, hd]] : [[0, hd / 2], [hd / 2, hd / 2]];
  const sign = inverse ? -1 : 1;
  for (let n = 0; n < N; n++) {
    for (let p = 0; p < P; p++) {
      const pos = positions[n * P + p];
      const [start, W] = sections[p];
      const half = W / 2;
      for (let i = 0; i < half; i++) {
        const angle = pos * Math.pow(config.ropeTheta, (-2 * i) / W);
        const cos = Math.cos(angle), sin = sign * Math.sin(angle);
        for (let h = 0; h < nh; h++) {
          const a = n * C + h * hd + start + i, b = a + half;
          const xa = x[a], xb = x[b];
          x[a] = xa * cos - xb * sin;
          x[b] = xb * cos + xa * sin;
        }
      }
    }
  }
}
