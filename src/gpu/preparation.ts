// How far a GPU context's preparation has got: pipelines compiled of those asked for, and matmul shape classes timed
// of those queued for the autotune (src/kernels/autotune.ts). Building a run asks for all of its pipelines at once,
// so on a CPU rasterizer, where compiles take seconds, these counts are the progress the page shows before the
// first step (the engine Worker forwards them while it builds runs).

/** `done` of `total` items. */
export interface Tally {
  done: number;
  total: number;
}

export interface PreparationCounts {
  /** Compute pipelines compiled (shader module and pipeline). */
  kernels: Tally;
  /** Matmul shape classes timed by the autotune (none when the tuning store already holds them). */
  tunings: Tally;
}

export type PreparationKind = keyof PreparationCounts;

const zero = (): PreparationCounts => ({ kernels: { done: 0, total: 0 }, tunings: { done: 0, total: 0 } });

export class Preparation {
  private readonly counts = zero();
  private readonly listeners = new Set<() => void>();

  /** Runs `work` as one item of `kind`: counted in the total now, as done when it settles (failed or not). */
  async track<T>(kind: PreparationKind, work: () => Promise<T>): Promise<T> {
    this.counts[kind].total++;
    this.changed();
    try {
      return await work();
    } finally {
      this.counts[kind].done++;
      this.changed();
    }
  }

  /** Calls `listener` with the counts since this call at every change, until the returned function is called. */
  watch(listener: (since: PreparationCounts) => void): () => void {
    const base = structuredClone(this.counts);
    // An item begun before the call may end after it: done never passes total.
    const since = (k: PreparationKind): Tally => {
      const total = this.counts[k].total - base[k].total;
      return { done: Math.min(total, this.counts[k].done - base[k].done), total };
    };
    const l = () => listener({ kernels: since('kernels'), tunings: since('tunings') });
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
