// The matmul autotune on this adapter: it times every candidate it may pick, picks the fastest it timed, keeps the
// choice per shape class, and the kernel createMatmul makes from it computes the float64 reference's C. Split-K
// candidates are timed only behind the split gate: closed on a software adapter, and when forced open they are timed
// beside the unsplit ones and the fastest of all wins.
import { describe, expect, it, vi } from 'vitest';
import { timeSubmission } from '../gpu/timing';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { setSplitGateMs, shapeClass, splitGateOpen, tunedConfig, tuningsOf, type Tuning } from './autotune';
import { describeConfig } from './matmulProgram';
import { createMatmul } from './matmul';
import { kernelSelection } from './select';
import { matmulInputs, matmulReference, runMatmul, termScale } from './matmulTestUtil';

const TUNE_MS = 300_000;
/** A weight gradient dW += Xᵀ·dY: a grid of 8 to 16 workgroups, k long enough for splits of 4 (and 16 at K 1024). */
const dW = (K: number) => ({ M: 64, N: 64, K, transA: true, accumulate: true });
const isSplit = (config: string) => / k\d+$/.test(config);
const fastestTimed = (t: Tuning) => t.timings.reduce((a, b) => (b.ms < a.ms ? b : a));

// Every timed submission passes through, recorded: the test below checks what each one was told to expect.
vi.mock('../gpu/timing', async (original) => {
  const actual = await original<typeof import('../gpu/timing')>();
  return { ...actual, timeSubmission: vi.fn(actual.timeSubmission) };
});
const timeSubmissionSpy = vi.mocked(timeSubmission);

const ctx0 = await testContext();

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
    expect(describeConfig(tuning.config)).toBe(fastestTimed(tuning).config);

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

  it.skipIf(!ctx0.adapter.isFallbackAdapter)('keeps the split gate closed on this software adapter: its screen is milliseconds, no split is timed', async () => {
    const ctx = await testContext();
    const tuning = await tunedConfig(ctx, dW(512));
    expect(await splitGateOpen(ctx)).toBe(false);
    expect(tuning.timings.length).toBeGreaterThan(0);
    expect(tuning.timings.filter((t) => isSplit(t.config))).toEqual([]);
  }, TUNE_MS);

  it('with the split gate forced open, times split candidates beside the others and picks the fastest of all', async () => {
    const ctx = await testContext();
    const previous = setSplitGateMs(Infinity);
    try {
      expect(await splitGateOpen(ctx)).toBe(true);
      const s = dW(1024);
      const tuning = await tunedConfig(ctx, s);
      const unsplit = tuning.timings.filter((t) => !isSplit(t.config)).map((t) => t.config);
      // Every unsplit candidate (a grid of at most 16 workgroups) again in 4 chunks of 256 and 16 of 64.
      expect(tuning.timings.filter((t) => isSplit(t.config)).map((t) => t.config)).toEqual(unsplit.flatMap((c) => [`${c} k4`, `${c} k16`]));
      expect(describeConfig(tuning.config)).toBe(fastestTimed(tuning).config);
      // Whichever won (on lavapipe a split may, by noise), createMatmul runs it and it computes the reference's C.
      expect((await createMatmul(ctx, s)).config).toBe(describeConfig(tuning.config));
      const x = matmulInputs(s);
      const c = expectClose(await runMatmul(s, { config: tuning.config }, x), matmulReference(s, x.a, x.b, x.start), Infinity, describeConfig(tuning.config));
      expect(c.maxAbs / termScale(s, x)).toBeLessThan(1e-5);
      console.log(`autotune ${tuning.shapeClass}, split gate forced open: ${tuning.timings.map((t) => `${t.config} ${t.ms.toFixed(3)} ms`).join(', ')}`);
    } finally {
      setSplitGateMs(previous);
    }
  }, TUNE_MS);
});
