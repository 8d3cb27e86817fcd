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

/** What the engine submits; each kind keeps its own time estimate (a 1 ms probabilities read must not make the
 * next 300 ms step skip its sleep). */
export type SubmissionKind = 'step' | 'gradients' | 'forward' | 'probabilities' | 'prefill' | 'decode';

interface Estimate {
  /** Running estimate of one submission's GPU time. */
  ms: number;
  /** Waits observed so far, and the fastest per-submission time among them after the first (warm-up) one. */
  observations: number;
  fastest: number;
}

export class GpuWait {
  private pending: SubmissionKind[] = [];
  private since = 0;
  private readonly estimates = new Map<SubmissionKind, Estimate>();

  constructor(private readonly ctx: GpuContext) {}

  /** Call after each submission that nobody awaits. */
  submitted(kind: SubmissionKind): void {
    if (this.pending.length === 0) this.since = performance.now();
    this.pending.push(kind);
  }

  private async sleepExpected(): Promise<void> {
    // Never sleep on an estimate alone: a wait that slept is observed as at least its sleep, so an estimate
    // inflated once (a cold shader compile can take minutes on lavapipe) would feed itself and decay only slowly.
    // Capping it by the fastest real observation bounds any oversleep to a fraction of one submission; a kind seen
    // fewer than two times does not sleep at all.
    let expected = 0;
    for (const kind of this.pending) {
      const e = this.estimates.get(kind);
      if (!e || e.observations < 2) return;
      expected += Math.min(e.ms, 1.5 * e.fastest);
    }
    const left = expected - (performance.now() - this.since);
    if (this.ctx.isNode && left > 2) await new Promise((r) => setTimeout(r, left * 0.8));
  }

  /** Everything pending has run: learn from it when it was all of one kind. */
  private completed(): void {
    const kind = this.pending[0];
    if (this.pending.every((k) => k === kind)) {
      const perSubmission = (performance.now() - this.since) / this.pending.length;
      const e = this.estimates.get(kind) ?? { ms: 0, observations: 0, fastest: Infinity };
      e.observations++;
      if (e.observations > 1) e.fastest = Math.min(e.fastest, perSubmission);
      // Drop at once to a faster observation, rise slowly.
      e.ms = e.ms === 0 || perSubmission < e.ms ? perSubmission : 0.8 * e.ms + 0.2 * perSubmission;
      this.estimates.set(kind, e);
    }
    this.pending = [];
  }

  /** Submissions nobody has awaited yet (they may still be running). */
  get inFlight(): number {
    return this.pending.length;
  }

  /**
   * Waits until fewer than `max` unawaited submissions are queued. Without it the CPU records steps far ahead of a
   * slow GPU (a software adapter takes seconds per step): a pause or the next loss readback would then wait for
   * dozens of queued steps, and progress would arrive in bursts.
   */
  async throttle(max: number): Promise<void> {
    if (this.pending.length >= max) await this.idle();
  }

  /** Resolves when everything submitted so far has run. */
  async idle(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.sleepExpected();
    await this.ctx.guard(this.ctx.device.queue.onSubmittedWorkDone());
    this.completed();
  }

  /**
   * Appends copies of `ranges` to rec, submits it and returns their bytes back to back as floats (one readback).
   * The copies land in `staging` (MAP_READ | COPY_DST, kept mapped only while read) when given: a caller that reads
   * every few milliseconds (a decoder) allocates nothing per read; otherwise in a buffer made for this read.
   */
  async readAfter(rec: Recorder, kind: SubmissionKind, ranges: ReadRange[], staging?: GPUBuffer): Promise<Float32Array<ArrayBuffer>> {
    const total = ranges.reduce((n, r) => n + r.bytes, 0);
    if (staging && staging.size < total) throw new Error(`readback: ${total} bytes do not fit the ${staging.size}-byte staging buffer`);
    const target = staging ?? this.ctx.device.createBuffer({ label: 'engine readback', size: Math.max(4, total), usage: Usage.readback });
    try {
      let at = 0;
      for (const r of ranges) {
        rec.copy(r.buffer, r.offset, target, at, r.bytes);
        at += r.bytes;
      }
      rec.submit();
      this.submitted(kind);
      this.ctx.counters.readbacks++;
      await this.sleepExpected();
      await this.ctx.guard(target.mapAsync(GPUMapMode.READ, 0, Math.max(4, total)));
      this.ctx.check(); // a GPU error reported while the work ran: its bytes are not results
      this.completed();
      return new Float32Array(target.getMappedRange(0, Math.max(4, total)).slice(0, total));
    } finally {
      if (staging) staging.unmap();
      else target.destroy();
    }
  }
}
