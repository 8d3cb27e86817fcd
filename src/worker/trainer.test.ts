// The Worker's trainer in Node (Dawn): a run checkpoints as it trains, a new trainer (a reloaded page) resumes it
// from the checkpoint, a lost device is replaced and the run resumes from its checkpoint; each ends with the very
// losses and evaluations of a run never interrupted.
import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../gpu/context';
import { createNodeGpuContext } from '../gpu/node';
import { testContext } from '../gpu/testing';
import { presetById } from '../experiment/presets';
import { DEFAULT_GPU_BUDGET } from '../engine/memoryBudget';
import { scratchModel } from '../train/baseModel';
import type { EvalPoint, StepPoint } from '../train/metrics';
import { CheckpointStore, type KeyValueStore } from './checkpointStore';
import type { TrainerEvents } from './methods';
import { Trainer } from './trainer';

const exp = { ...structuredClone(presetById('tiny')!.config), runs: ['mutor' as const], steps: 20, evalEvery: 5, evalSize: 4 };
const base = scratchModel(exp.seed);

function memory(): KeyValueStore {
  const map = new Map<string, unknown>();
  return { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, structuredClone(v)), del: async (k) => void map.delete(k), keys: async () => [...map.keys()] };
}

/** A trainer whose events are recorded; `until` waits for an event that passes a test. */
function recorded(kv: KeyValueStore, ctx: () => Promise<GpuContext> = testContext) {
  const events: { name: keyof TrainerEvents; payload: unknown }[] = [];
  const waiters: { test: (name: string, payload: never) => boolean; done: () => void }[] = [];
  const trainer = new Trainer(ctx, (name, payload) => {
    events.push({ name, payload });
    for (const w of [...waiters]) {
      if (!w.test(name, payload as never)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.done();
    }
  }, new CheckpointStore(kv));
  const until = <K extends keyof TrainerEvents>(name: K, test: (p: TrainerEvents[K]) => boolean) =>
    new Promise<void>((done) => {
      if (events.some((e) => e.name === name && test(e.payload as TrainerEvents[K]))) return done();
      waiters.push({ test: (n, p) => n === name && test(p), done });
    });
  const of = <K extends keyof TrainerEvents>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as TrainerEvents[K]);
  /** The step points and evaluations as the page keeps them: a rewind drops what came after its step. */
  const curve = () => {
    let steps: StepPoint[] = [], evals: EvalPoint[] = [];
    for (const e of events) {
      if (e.name === 'step') steps.push((e.payload as TrainerEvents['step']).point);
      if (e.name === 'eval') evals.push((e.payload as TrainerEvents['eval']).point);
      if (e.name === 'rewound') {
        const at = (e.payload as TrainerEvents['rewound']).step;
        steps = steps.filter((s) => s.step <= at);
        evals = evals.filter((s) => s.step <= at);
      }
    }
    return { steps, evals };
  };
  return { trainer, until, of, curve };
}

const done = (id: string) => (p: TrainerEvents['status']) => p.id === id && p.status === 'done';
/** Losses of the steps every run reads back (evaluation steps): the others depend on timing. */
const evalLosses = (steps: StepPoint[]) => steps.filter((s) => s.step % exp.evalEvery === 0).map((s) => [s.step, s.loss, s.ntpLoss, s.auxLoss]);

describe('Trainer checkpoints', { timeout: 300_000 }, () => {
  it('resumes after a reload and after a lost device with the losses of an uninterrupted run', async () => {
    const straight = recorded(memory());
    const [a] = await straight.trainer.start(exp, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await straight.until('status', done(a.id));
    expect(straight.of('checkpoint').map((c) => c.step)).toEqual([5, 10, 15, 20]);

    // A reload: the first trainer is abandoned once it checkpointed at step 10 (paused: it saves where it stands).
    const kv = memory();
    const first = recorded(kv);
    const [b] = await first.trainer.start(exp, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await first.until('checkpoint', (c) => c.id === b.id && c.step >= 10);
    first.trainer.setStatus(b.id, 'paused');
    const reloaded = recorded(kv);
    const resumed = await reloaded.trainer.resumeSaved(b.id, exp, 'mutor', base, DEFAULT_GPU_BUDGET);
    expect(resumed.step).toBeGreaterThanOrEqual(10);
    await reloaded.until('status', done(b.id));
    expect(reloaded.curve().steps[0].step).toBe(resumed.step + 1);
    expect(evalLosses(reloaded.curve().steps)).toEqual(evalLosses(straight.curve().steps).filter(([s]) => (s as number) > resumed.step));
    expect(reloaded.curve().evals).toEqual(straight.curve().evals.filter((e) => e.step > resumed.step));

    // A lost device: a new one is made, the run goes back to its checkpoint and trains on.
    let device: Promise<GpuContext> | null = null;
    const gpu = () => (device ??= createNodeGpuContext());
    const lost = recorded(memory(), gpu);
    const [c] = await lost.trainer.start(exp, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await lost.until('checkpoint', (p) => p.id === c.id && p.step >= 10);
    const ctx = await gpu();
    ctx.device.destroy();
    await ctx.lost;
    device = null;
    await lost.trainer.recover('destroyed by the test');
    expect(lost.of('rewound')[0]).toMatchObject({ id: c.id, message: expect.stringMatching(/device was lost \(destroyed by the test\); training resumed from the checkpoint at step 1\d/) });
    await lost.until('status', done(c.id));
    expect(lost.of('status').filter((s) => s.status === 'error')).toEqual([]);
    expect(evalLosses(lost.curve().steps)).toEqual(evalLosses(straight.curve().steps));
    expect(lost.curve().evals).toEqual(straight.curve().evals);
  });

  it('reports the pipelines compiled and matmul classes timed while it builds the runs, the last report complete', async () => {
    const fresh = createNodeGpuContext({ tuningCache: false }); // nothing compiled or tuned yet
    const t = recorded(memory(), () => fresh);
    const [r] = await t.trainer.start(exp, base, ['ntp'], DEFAULT_GPU_BUDGET);
    const reports = t.of('preparing');
    expect(t.of('step')).toEqual([]); // all of them before the first step
    await t.trainer.remove(r.id);
    const last = reports.at(-1)!;
    expect(last.kernels.total).toBeGreaterThan(20);
    expect(last.kernels.done).toBe(last.kernels.total);
    expect(last.tunings.total).toBeGreaterThan(0);
    expect(last.tunings.done).toBe(last.tunings.total);
    const done = reports.map((p) => p.kernels.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBeGreaterThan(3); // progress, not one jump
  });

  it('reports each run\'s steps per second as the rate it advances at, consistent with its tokens per second', async () => {
    const t = recorded(memory());
    const runs = await t.trainer.start(exp, base, ['ntp', 'mutor'], DEFAULT_GPU_BUDGET);
    for (const r of runs) await t.until('status', done(r.id));
    for (const r of runs) {
      const tokensPerStep = t.trainer.run(r.id).tokensPerStep;
      const points = t.of('step').filter((s) => s.id === r.id).map((s) => s.point);
      const progress = t.of('progress').filter((p) => p.id === r.id).map((p) => p.progress);
      expect(progress.length).toBe(points.length);
      for (const [i, p] of progress.entries()) expect(p.stepsPerSec * tokensPerStep).toBeCloseTo(points[i].tokensPerSec, 6);
    }
  });

  it('fails the runs with a clear message when no new device can be made', async () => {
    let fail = false;
    const t = recorded(memory(), () => (fail ? Promise.reject(new Error('no adapter')) : testContext()));
    const [r] = await t.trainer.start(exp, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await t.until('status', done(r.id)); // no step in flight: the only status after this is recover's
    fail = true;
    await t.trainer.recover('test');
    expect(t.of('status').at(-1)).toEqual({ id: r.id, status: 'error', error: 'the GPU device was lost (test) and no new one could be made (no adapter): reload the page, then Resume the run from its checkpoint' });
  });

  it('a diverging run pauses at its last checkpoint with the cause, and is not failed', async () => {
    const t = recorded(memory());
    const diverging = { ...structuredClone(exp), optimizer: { ...exp.optimizer, lr: 1, warmupSteps: 0 } };
    const [r] = await t.trainer.start(diverging, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await t.until('status', (p) => p.id === r.id && p.status === 'paused');
    const [rewound] = t.of('rewound');
    expect(rewound.message).toMatch(/^Paused: the (loss diverged|gradient norm exploded|loss or gradient norm became NaN or infinite).*lower the learning rate \(lr .*The run went back to (the checkpoint at step \d+|its start \(it had no checkpoint yet\))\.$/);
    expect(t.trainer.run(r.id).step).toBe(rewound.step);
    expect(t.of('status').filter((s) => s.status === 'error')).toEqual([]);
    await t.trainer.remove(r.id);
  });

  it('refuses to resume a run without a checkpoint, and remove deletes the checkpoint', async () => {
    const kv = memory();
    const t = recorded(kv);
    await expect(t.trainer.resumeSaved('run-none', exp, 'mutor', base, DEFAULT_GPU_BUDGET)).rejects.toThrow(/no checkpoint of the run/);
    const [r] = await t.trainer.start(exp, base, ['mutor'], DEFAULT_GPU_BUDGET);
    await t.until('checkpoint', (p) => p.id === r.id);
    t.trainer.setStatus(r.id, 'stopped');
    await t.until('status', (p) => p.id === r.id && p.status === 'stopped');
    expect(Object.keys(await t.trainer.checkpointSteps())).toEqual([r.id]);
    await t.trainer.remove(r.id);
    expect(await t.trainer.checkpointSteps()).toEqual({});
  });
});
