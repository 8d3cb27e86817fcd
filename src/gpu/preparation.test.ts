import { describe, expect, it } from 'vitest';
import { Preparation, type PreparationCounts } from './preparation';
import { testContext } from './testing';

describe('preparation counts', () => {
  it('counts items as begun and settled, failed ones too, from the moment a listener started watching', async () => {
    const prep = new Preparation();
    let finishEarly!: () => void;
    const early = prep.track('kernels', () => new Promise<void>((r) => (finishEarly = r)));
    const seen: PreparationCounts[] = [];
    const stop = prep.watch((c) => seen.push(structuredClone(c)));
    await prep.track('kernels', async () => undefined);
    await expect(prep.track('tunings', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    finishEarly();
    await early; // begun before the watch: its end never makes done pass total
    stop();
    await prep.track('kernels', async () => undefined);
    expect(seen.map((c) => [c.kernels.done, c.kernels.total, c.tunings.done, c.tunings.total])).toEqual([
      [0, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 1], [1, 1, 1, 1], [1, 1, 1, 1],
    ]);
  });

  it('compiles a pipeline asked for twice at once only once, and counts it once', async () => {
    const ctx = await testContext();
    const code = `@group(0) @binding(0) var<storage, read_write> d: array<f32>;
      @compute @workgroup_size(1) fn main() { d[0] = ${Math.random()}; }`;
    const seen: PreparationCounts[] = [];
    const stop = ctx.preparation.watch((c) => seen.push(structuredClone(c)));
    const size = ctx.pipelines.size;
    const [a, b] = await Promise.all([ctx.pipelines.get({ label: 'twice', code }), ctx.pipelines.get({ label: 'twice', code })]);
    stop();
    expect(a).toBe(b);
    expect(ctx.pipelines.size).toBe(size + 1);
    expect(seen.at(-1)?.kernels).toEqual({ done: 1, total: 1 });
  });
});
