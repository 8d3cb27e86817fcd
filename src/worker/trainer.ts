// The run manager inside the engine Worker: creates runs from an experiment (or from a run's checkpoint), trains them
// side by side (one step of each active run in turn, through the training loop's advanceRun: src/train/loop.ts),
// checkpoints each run every evalEvery steps and when it pauses, stops or ends, and reports through `emit`. Losses
// are read back at most every METRICS_INTERVAL_MS per run, so most steps read nothing back. When the GPU device is lost, every run goes back to
// its last checkpoint on a new device (recover).
import type { GpuContext } from '../gpu/context';
import type { PreparationCounts } from '../gpu/preparation';
import type { ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import { advanceRun, checkpointDue } from '../train/loop';
import { NumericsFault } from '../train/numerics';
import { TrainingRun, type RunState } from '../train/run';
import type { BaseModel } from '../train/baseModel';
import { exportOnnx } from '../onnx/export';
import type { StartedRun, TrainerEvents } from './methods';
import type { RunStatus } from '../train/metrics';
import { memoryReport } from './memoryReport';
import { evalInSteps, evalMs, LoopOverhead, secondsLeft, type EvalCost, type RunPace } from './timeLeft';
import type { CheckpointStore } from './checkpointStore';

const METRICS_INTERVAL_MS = 250;
/** How long a failed step waits for the device-lost signal before it counts as the run's own error. */
const LOST_GRACE_MS = 1000;

interface ManagedRun {
  id: string;
  run: TrainingRun;
  status: RunStatus;
  lastMetricsAt: number;
  /** Steps requested by "single step" while paused. */
  pendingSteps: number;
  stepTimes: number[];
  /** Mean wall time of a training step (ms) over the readbacks so far; null before the first. */
  stepMs: number | null;
  /** stepMs no longer includes the first steps' pipeline compiles. */
  stepsCompiled: boolean;
  /** Wall time of its evaluations with their checkpoints (ms), each measured. */
  evalTimes: number[];
  /** Stopped while its step was in flight: 'stopped' is announced once that step has reported. */
  announceStopAfterStep: boolean;
  /** The step of its last checkpoint (-1: none yet). */
  savedStep: number;
  /** Its device was lost; it takes no step until recover() has rebuilt it. */
  recovering: boolean;
}

type Emit = <K extends keyof TrainerEvents>(name: K, payload: TrainerEvents[K]) => void;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class Trainer {
  private readonly runs = new Map<string, ManagedRun>();
  private looping = false;
  /** The run whose step is in flight: removing it waits until that step is done. */
  private current: ManagedRun | null = null;
  private readonly removed = new Set<ManagedRun>();
  private nextId = 1;

  constructor(
    private readonly ctx: () => Promise<GpuContext>,
    private readonly emit: Emit,
    private readonly checkpoints: CheckpointStore,
  ) {}

  /** Refuses (one line naming the fields to change) before allocating anything when the runs would not fit `budget`. */
  async start(experiment: ExperimentConfig, base: BaseModel, methods: MethodKind[], budget: number): Promise<StartedRun[]> {
    const ctx = await this.ctx();
    const { refusal } = memoryReport(ctx, { ...experiment, runs: methods }, base.config, budget);
    if (refusal) throw new Error(refusal);
    // The methods' runs are built side by side: their pipelines (different shapes per method) compile together.
    const ids = methods.map(() => `run-${Date.now().toString(36)}-${this.nextId++}`);
    const built = await this.preparing(ctx, () => Promise.allSettled(methods.map((method) => TrainingRun.create(ctx, experiment, method, base))));
    const failed = built.find((b) => b.status === 'rejected');
    if (failed) {
      for (const b of built) if (b.status === 'fulfilled') b.value.destroy();
      throw failed.reason;
    }
    const created = built.map((b, i) => this.managed(ids[i], (b as PromiseFulfilledResult<TrainingRun>).value, -1));
    for (const m of created) this.runs.set(m.id, m);
    void this.loop();
    return created.map((m) => this.started(m));
  }

  /** Continues a run of an earlier page from its checkpoint in this browser, under its own id (within `budget`, as start). */
  async resumeSaved(id: string, experiment: ExperimentConfig, method: MethodKind, base: BaseModel, budget: number): Promise<StartedRun & { step: number }> {
    if (this.runs.has(id)) throw new Error(`run ${id} is already training`);
    const state = await this.checkpoints.load(id);
    if (!state) throw new Error('this browser holds no checkpoint of the run: train it again');
    const ctx = await this.ctx();
    const { refusal } = memoryReport(ctx, { ...experiment, runs: [method] }, base.config, budget);
    if (refusal) throw new Error(refusal);
    const m = this.managed(id, await this.preparing(ctx, () => TrainingRun.create(ctx, experiment, method, base, { resume: state })), state.header.step);
    this.runs.set(id, m);
    // Before its first step reports: the page drops what it holds past the checkpoint, then appends.
    this.emit('rewound', { id, step: state.header.step, message: `Resumed from the checkpoint at step ${state.header.step}.` });
    this.emit('status', { id, status: 'running' });
    void this.loop();
    return { ...this.started(m), step: state.header.step };
  }

  /** Runs `build`, reporting its pipeline compiles and matmul timings as 'preparing' events (a burst of changes as
   * one event), the last one before it returns. */
  private async preparing<T>(ctx: GpuContext, build: () => Promise<T>): Promise<T> {
    let latest: PreparationCounts | null = null;
    const flush = () => {
      if (latest) this.emit('preparing', latest);
      latest = null;
    };
    const stop = ctx.preparation.watch((counts) => {
      if (!latest) queueMicrotask(flush);
      latest = counts;
    });
    try {
      return await build();
    } finally {
      stop();
      flush();
    }
  }

  /** The step of every checkpoint this browser holds, by run id. */
  checkpointSteps(): Promise<Record<string, number>> {
    return this.checkpoints.list();
  }

  private managed(id: string, run: TrainingRun, savedStep: number): ManagedRun {
    return { id, run, status: 'running', lastMetricsAt: 0, pendingSteps: 0, stepTimes: [], stepMs: null, stepsCompiled: false, evalTimes: [], announceStopAfterStep: false, savedStep, recovering: false };
  }

  private started(m: ManagedRun): StartedRun {
    return { id: m.id, method: m.run.method.kind, nLayers: m.run.config.nLayers, nHeads: m.run.config.nHeads };
  }

  private get(id: string): ManagedRun {
    const m = this.runs.get(id);
    if (!m) throw new Error(`no run ${id}`);
    return m;
  }

  setStatus(id: string, status: 'running' | 'paused' | 'stopped'): void {
    const m = this.get(id);
    if (m.status === 'done' || m.status === 'error' || m.status === 'stopped') return;
    m.status = status;
    // The step in flight still reports its point: a stopped run says so after that, so what it holds then is final.
    if (status === 'stopped' && this.current === m) m.announceStopAfterStep = true;
    else this.emit('status', { id, status });
    // A run with a step in flight checkpoints after it (advance); this one is between steps now.
    if (status !== 'running' && this.current !== m) void this.checkpoint(m);
    if (status === 'running') void this.loop();
  }

  /** One optimizer step of a paused run (with metrics). */
  stepOnce(id: string): void {
    const m = this.get(id);
    if (m.status !== 'paused') return;
    m.pendingSteps++;
    void this.loop();
  }

  /** Ends a run and deletes its checkpoint; a run of an earlier page has only the checkpoint. */
  async remove(id: string): Promise<void> {
    const m = this.runs.get(id);
    if (m) {
      this.runs.delete(id);
      if (this.current === m) this.removed.add(m);
      else m.run.destroy();
    }
    await this.checkpoints.remove(id);
  }

  run(id: string): TrainingRun {
    return this.get(id).run;
  }

  /** The run's model as ONNX: a live run's current weights, else those of its checkpoint in this browser. */
  async exportOnnx(id: string): Promise<Uint8Array> {
    const live = this.runs.get(id)?.run;
    if (live) return exportOnnx(live.config, await live.parameters());
    const state = await this.checkpoints.load(id);
    if (!state) throw new Error('this browser holds neither the run nor a checkpoint of it');
    return exportOnnx(state.header.config, state.params);
  }

  /**
   * The device was lost: every run but a failed one is rebuilt on a new device from its last checkpoint (from its
   * start when it had none), keeps its status, and says so with a 'rewound' event. `ctx` must now make a new device.
   */
  async recover(reason: string): Promise<void> {
    const all = [...this.runs.values()].filter((m) => m.status !== 'error');
    for (const m of all) {
      m.recovering = true;
      try {
        m.run.destroy();
      } catch {
        // Its buffers went with the device.
      }
    }
    let ctx: GpuContext;
    try {
      ctx = await this.ctx();
    } catch (e) {
      for (const m of all) {
        m.status = 'error';
        this.emit('status', { id: m.id, status: 'error', error: `the GPU device was lost (${reason}) and no new one could be made (${message(e)}): reload the page, then Resume the run from its checkpoint` });
      }
      return;
    }
    for (const m of all) {
      try {
        const from = await this.rewind(m, ctx);
        const what = m.status === 'running' ? 'training resumed from' : 'the run was restored from';
        this.emit('rewound', { id: m.id, step: m.run.step, message: `The GPU device was lost (${reason}); ${what} ${from}.` });
      } catch (e) {
        m.status = 'error';
        this.emit('status', { id: m.id, status: 'error', error: `the GPU device was lost (${reason}) and the run could not be resumed: ${message(e)}` });
      }
    }
    void this.loop();
  }

  /** Rebuilds the run on `ctx` from its last checkpoint (from its start when it has none); says which. */
  private async rewind(m: ManagedRun, ctx: GpuContext): Promise<string> {
    const old = m.run;
    const state: RunState | null = await this.checkpoints.load(m.id);
    m.run = await TrainingRun.create(ctx, old.experiment, old.method.kind, old.base, { resume: state ?? undefined });
    m.savedStep = state?.header.step ?? -1;
    m.recovering = false;
    return state ? `the checkpoint at step ${state.header.step}` : 'its start (it had no checkpoint yet)';
  }

  /**
   * A numerical fault (NaN, divergence): the weights after it are of no use, so the run goes back to its last
   * checkpoint and pauses there with the fault's message; Step or Resume continues from that checkpoint.
   */
  private async pauseAtCheckpoint(m: ManagedRun, fault: NumericsFault): Promise<void> {
    m.recovering = true;
    m.run.destroy();
    const from = await this.rewind(m, await this.ctx());
    m.status = 'paused';
    m.pendingSteps = 0;
    this.emit('rewound', { id: m.id, step: m.run.step, message: `Paused: ${fault.message}. The run went back to ${from}.` });
    this.emit('status', { id: m.id, status: 'paused' });
  }

  /** Seconds until `m` ends, counting every active run's steps, evaluations and checkpoints in between. */
  private secondsLeft(m: ManagedRun): number {
    const runs = [m, ...this.runnable().filter((r) => r !== m)];
    const stepMs = (r: ManagedRun) => r.stepMs ?? m.stepMs ?? 0;
    const costs = runs.map((r): EvalCost => ({ modelledMs: evalInSteps(r.run.experiment, r.run.method.kind) * stepMs(r), measuredMs: r.evalTimes }));
    const paces = runs.map((r, i): RunPace => ({
      step: r.run.step, totalSteps: r.run.experiment.steps, evalEvery: r.run.experiment.evalEvery, stepMs: stepMs(r), evalMs: evalMs(costs[i], costs),
    }));
    return secondsLeft(paces[0], paces) * this.overhead.factor;
  }

  private isRunnable(m: ManagedRun): boolean {
    return this.runs.has(m.id) && !m.recovering && (m.status === 'running' || (m.status === 'paused' && m.pendingSteps > 0)) && !m.run.done;
  }

  private runnable(): ManagedRun[] {
    return [...this.runs.values()].filter((m) => this.isRunnable(m));
  }

  private readonly overhead = new LoopOverhead();

  /** The loop's own cost between steps as a factor on step time (1 until runs have trained). */
  get loopOverhead(): number {
    return this.overhead.factor;
  }
  private roundStepMs = 0;
  private roundEvalMs = 0;
  private roundReadBack = false;

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      for (let active = this.runnable(); active.length > 0; active = this.runnable()) {
        const roundStart = performance.now();
        this.roundStepMs = this.roundEvalMs = 0;
        this.roundReadBack = false;
        for (const m of active) {
          // A run paused, stopped or removed earlier in this round takes no further step.
          if (!this.isRunnable(m)) continue;
          this.current = m;
          await this.advance(m);
          this.current = null;
          if (m.announceStopAfterStep) {
            m.announceStopAfterStep = false;
            if (m.status === 'stopped') this.emit('status', { id: m.id, status: 'stopped' });
          }
          if (this.removed.delete(m)) m.run.destroy();
        }
        // Let pause/stop/inspect messages in between rounds.
        await new Promise((r) => setTimeout(r, 0));
        this.overhead.round(this.roundStepMs, performance.now() - roundStart - this.roundEvalMs, this.roundReadBack);
      }
    } finally {
      this.looping = false;
    }
  }

  private async advance(m: ManagedRun): Promise<void> {
    const { run, id } = m;
    const single = m.status === 'paused';
    if (single) m.pendingSteps--;
    try {
      const t0 = performance.now();
      const { point, evaluation } = await advanceRun(run, single || t0 - m.lastMetricsAt >= METRICS_INTERVAL_MS);
      m.stepTimes.push(performance.now() - t0);
      this.roundStepMs += performance.now() - t0;
      if (point) {
        this.roundReadBack = true;
        m.lastMetricsAt = performance.now();
        this.emit('step', { id, point });
        // Step times are only honest once the GPU caught up, i.e. at a readback: average over the steps since.
        const ms = m.stepTimes.reduce((a, b) => a + b, 0) / m.stepTimes.length;
        // The first readback's steps include the pipeline compiles: the second replaces them, later ones are averaged in.
        const compiled = run.step - m.stepTimes.length > 1;
        m.stepMs = m.stepMs === null || !m.stepsCompiled ? ms : 0.7 * m.stepMs + 0.3 * ms;
        m.stepsCompiled = compiled;
        m.stepTimes = [];
        // The rate the run advances at, as its tokens/s: with runs taking turns, a step's own time (ms) is skewed by
        // which run's readback waits for the GPU work of all of them (NTP read 21 steps/s beside MuToR's 5.8 while
        // both advanced together).
        const stepsPerSec = point.tokensPerSec / run.tokensPerStep;
        this.emit('progress', { id, progress: { step: run.step, totalSteps: run.experiment.steps, stepsPerSec, etaSec: this.secondsLeft(m) } });
      }
      const evalStart = performance.now();
      if (evaluation) {
        const r = await evaluation();
        this.emit('eval', { id, point: r.point, generations: r.generations });
      }
      const finished = run.done && m.status !== 'stopped';
      if (finished) m.status = 'done';
      // Before 'done' is announced: whoever sees it may rely on the final checkpoint.
      if (checkpointDue(run, run.experiment.evalEvery) || m.status !== 'running') await this.checkpoint(m);
      if (evaluation) m.evalTimes.push(performance.now() - evalStart);
      this.roundEvalMs += performance.now() - evalStart;
      if (finished) this.emit('status', { id, status: 'done' });
    } catch (e) {
      if (await this.lostDevice(run)) return; // recover() takes it from its checkpoint
      let error = message(e);
      try {
        if (e instanceof NumericsFault) return await this.pauseAtCheckpoint(m, e);
      } catch (rewindError) {
        error = `${error}; going back to the last checkpoint failed: ${message(rewindError)}`;
      }
      m.status = 'error';
      this.emit('status', { id, status: 'error', error });
    }
  }

  /** True when the run's device is lost (a step that failed may fail just before the lost signal arrives). */
  private async lostDevice(run: TrainingRun): Promise<boolean> {
    await Promise.race([run.ctx.lost, new Promise((r) => setTimeout(r, LOST_GRACE_MS))]);
    return run.ctx.lostError !== null;
  }

  /** Saves the run's state unless its last checkpoint already holds it; a failure is reported, never thrown. */
  private async checkpoint(m: ManagedRun): Promise<void> {
    const run = m.run;
    if (run.step === m.savedStep || m.recovering) return;
    try {
      const state = await run.snapshot();
      if (!this.runs.has(m.id) || m.run !== run) return; // removed or rebuilt meanwhile
      await this.checkpoints.save(m.id, state);
      m.savedStep = state.header.step;
      this.emit('checkpoint', { id: m.id, step: state.header.step });
    } catch (e) {
      if (run.ctx.lostError) return;
      this.emit('checkpoint', { id: m.id, step: m.savedStep, error: `the checkpoint could not be saved: ${message(e)}` });
    }
  }
}
