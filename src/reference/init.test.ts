// Seeded initialization: determinism, per-tensor scales, gains, zero gaps.
import { describe, expect, it } from 'vitest';
import type { RunModelConfig } from '../model/methodTensors';
import { defaultModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import { initParameters, initStd } from './init';

const config: RunModelConfig = { ...defaultModelConfig, tieEmbeddings: false, methodTensors: { registerRows: 1, outputHeads: 3 } };

function std(a: Float32Array): number {
  let s = 0, ss = 0;
  for (const x of a) { s += x; ss += x * x; }
  const m = s / a.length;
  return Math.sqrt(ss / a.length - m * m);
}

describe('initParameters', () => {
  const layout = buildLayout(config);
  const p = initParameters(config, 1234);

  it('is a finite Float32Array of the layout size, deterministic per seed', () => {
    expect(p).toBeInstanceOf(Float32Array);
    expect(p.length).toBe(layout.totalSize);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(Array.from(initParameters(config, 1234))).toEqual(Array.from(p));
    expect(Array.from(initParameters(config, 1235))).not.toEqual(Array.from(p));
  });

  it('norm gains are 1; gaps are 0; matrices N(0, 0.02²); residual projections scaled by 1/sqrt(2 nLayers)', () => {
    const residualStd = initStd / Math.sqrt(2 * config.nLayers);
    const inTensor = new Uint8Array(layout.totalSize);
    for (const t of layout.tensors) {
      inTensor.fill(1, t.offset, t.offset + t.size);
      const slice = p.subarray(t.offset, t.offset + t.size);
      if (t.shape.length === 1) {
        expect(slice.every((x) => x === 1), t.name).toBe(true);
        continue;
      }
      const want = /\.(wo|wDown)$/.test(t.name) ? residualStd : initStd;
      // >= 64 samples per tensor here; std of a sample std ≈ want / sqrt(2n): 25% is > 2.8 sigma at n = 64.
      const tol = t.size >= 4096 ? 0.05 : 0.25;
      expect(Math.abs(std(slice) / want - 1), t.name).toBeLessThan(tol);
    }
    for (let i = 0; i < layout.totalSize; i++) if (!inTensor[i]) expect(p[i]).toBe(0);
  });
});
