// measure() must never sleep on the warm-up's time (on lavapipe it includes the pipeline compiles: seconds), only on
// the samples' own median. Timed submissions are replaced by a fake that records what each was told to expect.
import { describe, expect, it, vi } from 'vitest';
import { timeSubmission } from '../gpu/timing';
import type { GpuContext } from '../gpu/context';
import { measure } from './row';

vi.mock('../gpu/timing', () => ({ timeSubmission: vi.fn() }));
const fake = vi.mocked(timeSubmission);

describe('measure', () => {
  it('sleeps on the samples\' median, never on the warm-up that compiled the pipelines', async () => {
    const times = [5000, 10, 12, 11, 9, 13];
    fake.mockImplementation(async () => ({ ms: times.shift() ?? 10, source: 'timestamp-query' }));
    const m = await measure({} as GpuContext, () => {}, 30);
    const told = fake.mock.calls.map((c) => c[2] ?? 0);
    expect(told[0]).toBe(0); // the warm-up
    expect(told[1]).toBe(0); // the first sample: nothing measured yet but the warm-up
    expect(Math.max(...told.slice(2))).toBeLessThanOrEqual(13);
    expect(m.samples).toBe(3);
    expect(m.medianMs).toBe(11);
  });

  it('sizes the number of samples from the first sample, not from the warm-up that compiled', async () => {
    const times = [5000, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    fake.mockReset();
    fake.mockImplementation(async () => ({ ms: times.shift() ?? 100, source: 'timestamp-query' }));
    const m = await measure({} as GpuContext, () => {}, 1000);
    expect(m.samples).toBe(10); // 1000 ms of 100 ms samples; sized from the warm-up it would be 3
    expect(fake).toHaveBeenCalledTimes(11);
  });
});
