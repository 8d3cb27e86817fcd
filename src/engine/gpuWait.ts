// Waiting for the GPU without starving it. In Node, Dawn spin-polls the main thread while a promise for GPU work is
// pending and takes a core from lavapipe's workers (shared/WEBGPU-ON-CPU.md), so a wait first sleeps for most of the
// work still expected, estimated from how long earlier submissions took. Reads ride on the submission they follow:
// the copies go into the same command buffer, so "step + metrics" stays one submission and one readback.
import type { GpuContext } from '../gpu/context';
import { Usage } from '../gpu/buffers';
import type { Recorder } from '../gpu/recorder';

export interface ReadRange {
  buffer: GPUBuffer;
  /** Bytes, multiple of 4. */
  offset: number;
  bytes: number;
}

export class GpuWait {
  private pending = 0;
  private since = 0;
  /** Running estimate of one submission's GPU time. */
  private msPerSubmission = 0;
  /** Waits observed so far, and the fastest per-submission time among them after the first (warm-up) one. */
  private observations = 0;
  private fastest = Infinity;

  constructor(private readonly ctx: GpuContext) {}

  /** Call after each submission that nobody awaits. */
  submitted(): void {
    if (this.pending === 0) this.since = performance.now();
    this.pending++;
  }

  private async sleepExpected(): Promise<void> {
    // Never sleep on the estimate alone: a wait that slept is observed as at least its sleep, so an estimate
    // inflated once (a cold shader compile can take minutes on lavapipe) would feed itself and decay only slowly.
    // Capping it by the fastest real observation bounds any oversleep to a fraction of one step.
    if (this.observations < 2) return;
    const estimate = Math.min(this.msPerSubmission, 1.5 * this.fastest);
    const left = this.pending * estimate - (performance.now() - this.since);
    if (this.ctx.isNode && left > 2) await new Promise((r) => setTimeout(r, left * 0.8));
  }

  private completed(): void {
    const perSubmission = (performance.now() - this.since) / Math.max(1, this.pending);
    // Drop at once to a faster observation, rise slowly: warm-up (pipeline compilation) must not make later waits
    // oversleep.
    this.observations++;
    if (this.observations > 1) this.fastest = Math.min(this.fastest, perSubmission);
    const was = this.msPerSubmission;
    this.msPerSubmission = was === 0 || perSubmission < was ? perSubmission : 0.8 * was + 0.2 * perSubmission;
    this.pending = 0;
  }

  /** Resolves when everything submitted so far has run. */
  async idle(): Promise<void> {
    if (this.pending === 0) return;
    await this.sleepExpected();
    await this.ctx.guard(this.ctx.device.queue.onSubmittedWorkDone());
    this.completed();
  }

  /** Appends copies of `ranges` to rec, submits it and returns their bytes back to back as floats (one readback). */
  async readAfter(rec: Recorder, ranges: ReadRange[]): Promise<Float32Array<ArrayBuffer>> {
    const total = ranges.reduce((n, r) => n + r.bytes, 0);
    const staging = this.ctx.device.createBuffer({ label: 'engine readback', size: Math.max(4, total), usage: Usage.readback });
    try {
      let at = 0;
      for (const r of ranges) {
        rec.copy(r.buffer, r.offset, staging, at, r.bytes);
        at += r.bytes;
      }
      rec.submit();
      this.submitted();
      this.ctx.counters.readbacks++;
      await this.sleepExpected();
      await this.ctx.guard(staging.mapAsync(GPUMapMode.READ));
      this.completed();
      return new Float32Array(staging.getMappedRange().slice(0, total));
    } finally {
      staging.destroy();
    }
  }
}
