// What a benchmark row is, what a row producer gets, and how producers time GPU work.
// A producer measures one family of things (matmul, dispatch, later training steps) and returns rows; the runner
// (./run.ts) stamps every row with its group, the adapter, the host and the date, so a JSON array of rows stands alone.
import type { GpuContext } from '../gpu/context';
import type { Recorder } from '../gpu/recorder';
import { timeSubmission, type TimedResult } from '../gpu/timing';

export interface BenchRow {
  /** The producer's group: 'matmul', 'dispatch', ... (what `mutor bench --only` selects). */
  group: string;
  name: string;
  /** The headline number, in `unit` (GFLOP/s, ms, tokens/s, ...). */
  value: number;
  unit: string;
  /** Median milliseconds of one measured unit (one matmul, one round trip, one step). */
  medianMs: number;
  /** The fastest sample: on a shared machine, closer to what the hardware does than the median. */
  minMs?: number;
  samples: number;
  timing: TimedResult['source'];
  /** Row-specific facts: shape, variant, dispatches per submission, ... */
  params: Record<string, string | number | boolean>;
  /** e.g. 'mesa llvmpipe (LLVM 19.1.7, 256 bits)'. */
  adapter: string;
  /** Where it ran: CPU count, LP_NUM_THREADS, ... (filled by the caller of the runner). */
  host: Record<string, string | number>;
  /** ISO 8601, UTC. */
  date: string;
}

/** What a producer returns: the runner adds group, adapter, host and date. */
export type ProducedRow = Omit<BenchRow, 'group' | 'adapter' | 'host' | 'date'>;

export interface BenchProducer {
  group: string;
  summary: string;
  run(ctx: GpuContext): Promise<ProducedRow[]>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Measurement {
  medianMs: number;
  minMs: number;
  samples: number;
  timing: TimedResult['source'];
}

/**
 * Times `record` as one submission: one untimed warm-up (compiles pipelines on CPU rasterizers), then samples until
 * about `budgetMs` of GPU time is spent (at least 3, at most 15), their number sized from the first sample, not the
 * warm-up (whose compile made a 10 ms kernel look like 5 s, so it got 3 samples). Each wait after the first sleeps
 * through most of the samples' median time first, as the engine does (Node spin-polls while awaiting).
 */
export async function measure(ctx: GpuContext, record: (rec: Recorder) => void, budgetMs = 1500): Promise<Measurement> {
  await timeSubmission(ctx, record);
  // The first sample never sleeps: the warm-up's time includes compiles on CPU rasterizers (as the autotune's samples,
  // src/kernels/autotune.ts); later ones sleep on the samples' median.
  const first = await timeSubmission(ctx, record);
  const times = [first.ms];
  let timing = first.source;
  const samples = Math.max(3, Math.min(15, Math.ceil(budgetMs / Math.max(first.ms, 1e-3))));
  while (times.length < samples) {
    const t = await timeSubmission(ctx, record, median(times));
    times.push(t.ms);
    timing = t.source;
  }
  return { medianMs: median(times), minMs: Math.min(...times), samples, timing };
}
