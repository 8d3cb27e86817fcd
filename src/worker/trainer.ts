// The run manager inside the engine Worker: creates runs from an experiment, trains them side by side (one step of
// each active run in turn), evaluates on schedule, and reports through `emit`. Losses are read back at most every
// METRICS_INTERVAL_MS per run, so most steps read nothing back.
import type { GpuContext } from '../gpu/context';
import type { ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import { TrainingRun } from '../train/run';
import type { BaseModel } from '../train/baseModel';
import { exportOnnx } from '../onnx/export';
import type { TrainerEvents } from './methods';
import type { RunStatus } from '../train/metrics';
import { memoryReport } from './memoryReport';

const METRICS_INTERVAL_MS = 250;

interface ManagedRun {
  id: string;
  run: TrainingRun;
  status: RunStatus;
  lastMetricsAt: number;
  /** Steps requested by "single step" while paused. */
  pendingSteps: number;
  stepTimes: number[];
  /** Stopped while its step was in flight: 'stopped' is announced once that step has reported. */
  announceStopAfterStep: boolean;
}

type Emit = <K extends keyof TrainerEvents>(name: K, payload: TrainerEvents[K]) => void;

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
  ) {}

  /** Refuses (one line naming the fields to change) before allocating anything when the runs would not fit `budget`. */
  async start(experiment: ExperimentConfig, base: BaseModel, methods: MethodKind[], budget: number): Promise<{ id: string; method: MethodKind; nLayers: number; nHeads: number }[]> {
    const ctx = await this.ctx();
    const { refusal } = memoryReport(ctx, { ...experiment, runs: methods }, base.config, budget);
    if (refusal) throw new Error(refusal);
    const created: ManagedRun[] = [];
    try {
      for (const method of methods) {
        const run = await TrainingRun.create(ctx, experiment, method, base);
        created.push({ id: `run-${Date.now().toString(36)}-${this.nextId++}`, run, status: 'running', lastMetricsAt: 0, pendingSteps: 0, stepTimes: [], announceStopAfterStep: false });
      }
    } catch (e) {
      for (const m of created) m.run.destroy();
      throw e;
    }
    for (const m of created) this.runs.set(m.id, m);
    void this.loop();
    return created.map((m) => ({ id: m.id, method: m.run.method.kind, nLayers: m.run.config.nLayers, nHeads: m.run.config.nHeads }));
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
    if (status === 'running') void this.loop();
  }

  /** One optimizer step of a paused run (with metrics). */
  stepOnce(id: string): void {
    const m = this.get(id);
    if (m.status !== 'paused') return;
    m.pendingSteps++;
    void this.loop();
  }

  remove(id: string): void {
    const m = this.runs.get(id);
    if (!m) return;
    this.runs.delete(id);
    if (this.current === m) this.removed.add(m);
    else m.run.destroy();
  }

  run(id: string): TrainingRun {
    return this.get(id).run;
  }

  async exportOnnx(id: string): Promise<Uint8Array> {
    const run = this.get(id).run;
    return exportOnnx(run.config, await run.parameters());
  }

  private isRunnable(m: ManagedRun): boolean {
    return this.runs.has(m.id) && (m.status === 'running' || (m.status === 'paused' && m.pendingSteps > 0)) && !m.run.done;
  }

  private runnable(): ManagedRun[] {
    return [...this.runs.values()].filter((m) => this.isRunnable(m));
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      for (let active = this.runnable(); active.length > 0; active = this.runnable()) {
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
      const next = run.step + 1;
      const atEval = next % run.experiment.evalEvery === 0 || next === run.experiment.steps;
      const want = single || atEval || t0 - m.lastMetricsAt >= METRICS_INTERVAL_MS;
      const point = await run.trainStep(want);
      m.stepTimes.push(performance.now() - t0);
      if (point) {
        m.lastMetricsAt = performance.now();
        this.emit('step', { id, point });
        // Step times are only honest once the GPU caught up, i.e. at a readback: average over the steps since.
        const ms = m.stepTimes.reduce((a, b) => a + b, 0) / m.stepTimes.length;
        m.stepTimes = [];
        const left = run.experiment.steps - run.step;
        this.emit('progress', { id, progress: { step: run.step, totalSteps: run.experiment.steps, stepsPerSec: 1000 / ms, etaSec: (left * ms) / 1000 } });
      }
      if (atEval) {
        const r = await run.evaluate();
        this.emit('eval', { id, point: r.point, generations: r.generations });
      }
      if (run.done && m.status !== 'stopped') {
        m.status = 'done';
        this.emit('status', { id, status: 'done' });
      }
    } catch (e) {
      m.status = 'error';
      this.emit('status', { id, status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }
}
