import { describe, expect, it } from 'vitest';
import { grownRepeats, MAX_REPEATS, MIN_TIMED_MS, timeLongEnough } from './timedRepeats';
import { testContext } from './testing';
import { prepareDispatch } from './recorder';
import { timeSubmission } from './timing';

describe('timed repeats', () => {
  it('keeps a sample that is long enough, and grows a short one towards MIN_TIMED_MS', () => {
    expect(grownRepeats(4, 1.5)).toBe(4); // lavapipe: a 3e7-FLOP matmul takes about 1.5 ms
    expect(grownRepeats(4, MIN_TIMED_MS)).toBe(4);
    expect(grownRepeats(4, 0.25)).toBe(16);
    expect(grownRepeats(4, 0.0655)).toBe(64); // one timestamp quantum on the H200: 16 at most per sample
    expect(grownRepeats(4, 0)).toBe(64); // rounded down to nothing
    expect(grownRepeats(1024, 0)).toBe(MAX_REPEATS);
    expect(grownRepeats(MAX_REPEATS, 0)).toBe(MAX_REPEATS);
  });

  it('repeats a dispatch of a few microseconds until one submission takes MIN_TIMED_MS on this adapter', async () => {
    const ctx = await testContext();
    const pipeline = await ctx.pipelines.get({ label: 'timed repeats test', code: '@group(0) @binding(0) var<storage, read_write> x: array<f32>;\n@compute @workgroup_size(1) fn main() { x[0] = x[0] + 1.0; }' });
    const x = ctx.buffers.create('timed repeats x', 4);
    try {
      const d = prepareDispatch(ctx.device, { pipeline, bindings: [x], workgroups: [1, 1, 1] });
      const record = (rec: Parameters<Parameters<typeof timeLongEnough>[1]>[0], repeats: number) => {
        for (let r = 0; r < repeats; r++) rec.dispatch(d);
      };
      await timeSubmission(ctx, (rec) => record(rec, 1)); // warm-up
      const t = await timeLongEnough(ctx, record, 1);
      expect(t.repeats).toBeGreaterThan(1);
      expect(t.ms >= MIN_TIMED_MS || t.repeats === MAX_REPEATS).toBe(true);
    } finally {
      ctx.buffers.destroy(x);
    }
  }, 120_000);
});
