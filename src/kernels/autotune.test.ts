// The matmul autotune on this adapter: it times every candidate it may pick, picks the fastest it timed, keeps the
// choice per shape class, and the kernel createMatmul makes from it computes the float64 reference's C.
import { describe, expect, it, vi } from 'vitest';
import { timeSubmission } from '../gpu/timing';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { describeConfig, shapeClass, tunedConfig, tuningsOf } from './autotune';
import { createMatmul } from './matmul';
import { kernelSelection } from './select';

const TUNE_MS = 300_000;

// Every timed submission passes through, recorded: the test below checks what each one was told to expect.
vi.mock('../gpu/timing', async (original) => {
  const actual = await original<typeof import('../gpu/timing')>();
  return { ...actual, timeSubmission: vi.fn(actual.timeSubmission) };
});
const timeSubmissionSpy = vi.mocked(timeSubmission);

describe('matmul autotune', () => {
  it('names shape classes by transposes, alignments and sizes rounded to powers of 2', () => {
    expect(shapeClass({ M: 2048, N: 172, K: 64 })).toBe('NN vvvv ~2048×128×64');
    expect(shapeClass({ M: 2000, N: 180, K: 64 })).toBe(shapeClass({ M: 2048, N: 172, K: 64 }));
    expect(shapeClass({ M: 2048, N: 37, K: 64, transB: true })).toBe('NT vvsv ~2048×32×64');
    expect(shapeClass({ M: 63, N: 172, K: 2047, transA: true, accumulate: true })).toBe('TN+ svvs ~64×128×2048');
    expect(shapeClass({ M: 2048, N: 64, K: 64, transB: true })).not.toBe(shapeClass({ M: 2048, N: 64, K: 64 }));
  });

  it('picks the fastest candidate it timed, once per class, and its kernel is correct', async () => {
    const ctx = await testContext();
    const { available } = await kernelSelection(ctx);
    const s = { M: 301, N: 44, K: 97, transB: true };
    const tuning = await tunedConfig(ctx, s);
    expect(tuning.shapeClass).toBe(shapeClass(s));
    expect(tuning.timings.length).toBeGreaterThan(0);
    for (const t of tuning.timings) expect(t.ms).toBeGreaterThan(0);
    expect(available).toContain(tuning.config.variant);
    const best = tuning.timings.reduce((a, b) => (b.ms < a.ms ? b : a));
    expect(describeConfig(tuning.config)).toBe(best.config);

    // Same class: the cached tuning, not a second one.
    const again = await tunedConfig(ctx, { ...s, M: 290 });
    expect(again).toBe(tuning);
    expect((await tuningsOf(ctx)).filter((t) => t.shapeClass === tuning.shapeClass)).toHaveLength(1);

    // createMatmul without options runs the tuned config.
    const kernel = await createMatmul(ctx, s);
    expect(kernel.config).toBe(describeConfig(tuning.config));
    const a = randomFloats(s.M * s.K), b = randomFloats(s.N * s.K);
    const [ga, gb] = [a, b].map((x) => ctx.buffers.upload('autotune test', x));
    const c = ctx.buffers.create('autotune c', s.M * s.N * 4);
    poisonBuffer(ctx, c);
    try {
      const rec = new Recorder(ctx);
      for (const d of kernel.bind(ga, gb, c)) rec.dispatch(d);
      rec.submit();
      const want = new Float64Array(s.M * s.N);
      for (let m = 0; m < s.M; m++) for (let n = 0; n < s.N; n++) for (let k = 0; k < s.K; k++) want[m * s.N + n] += a[m * s.K + k] * b[n * s.K + k];
      expectClose(await readFloat32(ctx, c, 0, s.M * s.N), want, 1e-5, `tuned ${kernel.config}`);
    } finally {
      for (const x of [ga, gb, c]) ctx.buffers.destroy(x);
    }
  }, TUNE_MS);

  it('gives shapes too small to time the fastest variant of the screen, untimed', async () => {
    const ctx = await testContext();
    const tiny = await tunedConfig(ctx, { M: 5, N: 7, K: 3, transA: true });
    expect(tiny.timings).toEqual([]);
    const timed = (await tuningsOf(ctx)).filter((t) => t.timings.length > 0);
    // Whatever won a timed class survived the screen, and the screen's winner is what tiny shapes get.
    expect((await kernelSelection(ctx)).available).toContain(tiny.config.variant);
    for (const t of timed) expect(t.timings.map((x) => x.config.split('/')[0])).toContain(tiny.config.variant);
  }, TUNE_MS);

  it('never sleeps through a sample on the warm-up\'s time, which on a CPU rasterizer includes the compile', async () => {
    const ctx = await testContext();
    timeSubmissionSpy.mockClear();
    await tunedConfig(ctx, { M: 512, N: 256, K: 264, accumulate: true });
    // Each config: a warm-up (no expected time), then samples; a sample may sleep for the fastest sample before it.
    const calls = timeSubmissionSpy.mock.calls.map((args, i) => ({ warmUp: args.length < 3, expectedMs: args[2] ?? 0, result: timeSubmissionSpy.mock.results[i] }));
    expect(calls.filter((c) => c.warmUp).length).toBeGreaterThan(0);
    let fastest = Infinity;
    for (const [i, c] of calls.entries()) {
      if (c.warmUp) {
        fastest = Infinity;
        continue;
      }
      expect(c.expectedMs, `call ${i}`).toBeLessThanOrEqual(Number.isFinite(fastest) ? fastest : 0);
      fastest = Math.min(fastest, (await (c.result.value as ReturnType<typeof timeSubmission>)).ms);
    }
  }, TUNE_MS);
});
