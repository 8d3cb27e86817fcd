// How many times to repeat a recording inside one timed submission so that the timer can see it: a submission of a
// few microseconds is mostly the timer's resolution (Dawn rounds timestamps to 2^16 ns = 65.5 µs on an NVIDIA H200,
// where a 3e7-FLOP matmul takes about 10 µs) or the submission's own overhead. CPU rasterizers take milliseconds for
// the same work, so there the first sample is long enough and nothing changes.
import type { GpuContext } from './context';
import type { Recorder } from './recorder';
import { timeSubmission, type TimedResult } from './timing';

/** The shortest submission worth timing: 15 timestamp quanta of 65.5 µs. */
export const MIN_TIMED_MS = 1;
export const MAX_REPEATS = 4096;

/** The repeats for the next sample after one of `repeats` took `ms`: unchanged once that is MIN_TIMED_MS, else grown
 * towards it (at most 16× per sample, a sample rounded to 0 ms counting as 16×, MAX_REPEATS in all). */
export function grownRepeats(repeats: number, ms: number): number {
  if (ms >= MIN_TIMED_MS || repeats >= MAX_REPEATS) return repeats;
  const factor = ms > 0 ? Math.min(16, Math.ceil(MIN_TIMED_MS / ms)) : 16;
  return Math.min(MAX_REPEATS, repeats * factor);
}

/** Times `record(rec, repeats)` in one submission, growing `repeats` until a submission takes MIN_TIMED_MS: the last
 * sample, with the repeats it ran. Call it after a warm-up (its first sample would otherwise time the compile). */
export async function timeLongEnough(
  ctx: GpuContext,
  record: (rec: Recorder, repeats: number) => void,
  repeats: number,
): Promise<TimedResult & { repeats: number }> {
  for (;;) {
    const t = await timeSubmission(ctx, (rec) => record(rec, repeats), 0);
    const next = grownRepeats(repeats, t.ms);
    if (next === repeats) return { ...t, repeats };
    repeats = next;
  }
}
