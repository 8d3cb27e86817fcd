// AdamW against steps computed by hand (PyTorch AdamW semantics), clipping, frozen tensors, decay flags.
import { describe, expect, it } from 'vitest';
import type { ParameterLayout, TensorSpec } from '../model/layout';
import type { OptimizerOptions } from '../model/schedule';
import { adamwStep, createAdamWState } from './adamw';

// w: decayed matrix [2] at 0; n: non-decayed gain [1] at 2; f: a tensor we freeze [1] at 3.
const specs: TensorSpec[] = [
  { name: 'w', shape: [2], offset: 0, size: 2, decay: true, ofMethod: false, ofAdapter: false, frozen: false },
  { name: 'n', shape: [1], offset: 2, size: 1, decay: false, ofMethod: false, ofAdapter: false, frozen: false },
  { name: 'f', shape: [1], offset: 3, size: 1, decay: true, ofMethod: false, ofAdapter: false, frozen: false },
];
const layout: ParameterLayout = { tensors: specs, byName: new Map(specs.map((t) => [t.name, t])), totalSize: 4, parameterCount: 4 };
const options: OptimizerOptions = {
  lr: 0.1, warmupSteps: 0, totalSteps: 10, schedule: 'constant', minLrRatio: 0,
  beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, maxGradNorm: 0,
};
const notF = (name: string) => name !== 'f';

describe('AdamW', () => {
  it('matches two hand-computed steps; frozen tensors keep values and moments; grads untouched', () => {
    const p = Float64Array.from([1, -2, 3, 4]);
    const s = createAdamWState(4);
    const g1 = Float64Array.from([0.5, -0.25, 2, 1]);
    const r1 = adamwStep(layout, p, g1, s, options, notF);
    expect(r1).toEqual({ lr: 0.1, gradNorm: Math.sqrt(0.25 + 0.0625 + 4), clipScale: 1 });
    expect(Array.from(g1)).toEqual([0.5, -0.25, 2, 1]);
    // Step 1: m̂ = g, v̂ = g², so p = p·(1 - lr·wd) - lr·g/(|g| + eps), decay factor 0.95 for w only.
    expect(p[0]).toBeCloseTo(0.95 - 0.1 * (0.5 / 0.50000001), 15); // 0.850000002
    expect(p[1]).toBeCloseTo(-1.9 + 0.1 * (0.25 / 0.25000001), 15); // -1.800000004
    expect(p[2]).toBeCloseTo(3 - 0.1 * (2 / 2.00000001), 15); // 2.9000000005 (no decay)
    expect(p[3]).toBe(4);
    expect(s.m[0]).toBeCloseTo(0.05, 16);
    expect(s.v[0]).toBeCloseTo(0.00025, 18);
    expect([s.m[3], s.v[3], s.step]).toEqual([0, 0, 1]);

    // Step 2 on w[0] with g = -0.5: m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975,
    // bias corrections 1 - 0.9² = 0.19 and 1 - 0.999² = 0.001999, so m̂ = -0.005 / 0.19 and v̂ = 0.25 (√ = 0.5).
    const before = p[0];
    adamwStep(layout, p, Float64Array.from([-0.5, 0, 0, 1]), s, options, notF);
    expect(s.m[0]).toBeCloseTo(-0.005, 16);
    expect(s.v[0]).toBeCloseTo(0.00049975, 18);
    expect(p[0]).toBeCloseTo(before * 0.95 - 0.1 * (-0.005 / 0.19) / (0.5 + 1e-8), 14);
    expect(p[3]).toBe(4);
    expect(s.step).toBe(2);
    expect(Array.from(p).every(Number.isFinite)).toBe(true);
  });

  it('clips by the global norm of the trainable gradients only', () => {
    const p = Float64Array.from([1, 1, 1, 1]);
    const s = createAdamWState(4);
    // Trainable grads (3, 4, 0) have norm 5; the frozen tensor's 100 must not count.
    const r = adamwStep(layout, p, Float64Array.from([3, 4, 0, 100]), s, { ...options, maxGradNorm: 1 }, notF);
    const scale = 1 / (5 + 1e-6);
    expect(r.gradNorm).toBe(5);
    expect(r.clipScale).toBeCloseTo(scale, 16);
    expect(s.m[0]).toBeCloseTo(0.1 * 3 * scale, 16);
    expect(s.v[1]).toBeCloseTo(0.001 * (4 * scale) ** 2, 16);
    // A norm under the limit is not scaled up.
    const r2 = adamwStep(layout, p, Float64Array.from([0.3, 0.4, 0, 0]), createAdamWState(4), { ...options, maxGradNorm: 1 });
    expect(r2.clipScale).toBe(1);
  });

  it('takes the learning rate from the schedule at the current step', () => {
    const s = createAdamWState(4), p = new Float64Array(4), g = Float64Array.from([1, 1, 1, 1]);
    const warm = { ...options, warmupSteps: 4 };
    expect(adamwStep(layout, p, g, s, warm).lr).toBeCloseTo(0.025, 16);
    expect(adamwStep(layout, p, g, s, warm).lr).toBeCloseTo(0.05, 16);
  });

  it('rejects mismatched sizes', () => {
    expect(() => adamwStep(layout, new Float64Array(3), new Float64Array(4), createAdamWState(4), options)).toThrow(/sizes/);
  });
});
