// The autotune's choices outlive the page load or process that timed them: a second device on the same adapter
// with the same store takes each class's config from it, untimed; a store from another kernel set, or one that
// is not a record, is ignored and overwritten by a fresh tuning; so is one timed under load (its screen far slower
// than the same kernel runs now), while one timed on a quieter machine than now is kept.
import { describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../gpu/node';
import { MemoryTuningStore } from '../gpu/tuningStore';
import { tunedConfig } from './autotune';
import { adapterKey, type TuningRecord } from './tuningCache';

const TUNE_MS = 600_000;
/** Just above the autotune's untimed floor (1e6 FLOPs): a class it times. */
const shape = { M: 64, N: 64, K: 129 };

async function contextWith(store: MemoryTuningStore) {
  const ctx = await createNodeGpuContext({ tuningCache: false });
  ctx.tuningStore = store;
  return ctx;
}

describe('matmul tuning store', () => {
  it('a later device takes the stored choice untimed; another kernel set or a broken record tunes afresh', async () => {
    const store = new MemoryTuningStore();
    const first = await contextWith(store);
    const timed = await tunedConfig(first, shape);
    expect(timed.fromStore).toBe(false);
    expect(timed.timings.length).toBeGreaterThan(0);
    const key = adapterKey(first);
    const record = JSON.parse(store.entries.get(key)!) as TuningRecord;
    expect(record.classes[timed.shapeClass].config).toEqual(timed.config);
    expect(record.survivors.length).toBeGreaterThan(0);
    expect(record.screenMs).toBeGreaterThan(0); // the split gate's measurement
    first.destroy();

    const second = await contextWith(store);
    const reused = await tunedConfig(second, { ...shape, M: 60 }); // same class
    expect(reused).toMatchObject({ fromStore: true, config: timed.config, timings: [] });
    second.destroy();

    for (const text of [JSON.stringify({ ...record, kernels: 'another kernel set' }), '{"kernels": "cut sh']) {
      store.entries.set(key, text);
      const third = await contextWith(store);
      const fresh = await tunedConfig(third, shape);
      expect(fresh.fromStore).toBe(false);
      expect(fresh.timings.length).toBeGreaterThan(0);
      expect((JSON.parse(store.entries.get(key)!) as TuningRecord).kernels).toBe(record.kernels); // overwritten
      third.destroy();
    }
  }, TUNE_MS);

  it('tunes afresh when the store was timed on a busier machine, and keeps it when this start is the busy one', async () => {
    const store = new MemoryTuningStore();
    const first = await contextWith(store);
    const timed = await tunedConfig(first, shape);
    const key = adapterKey(first);
    const record = JSON.parse(store.entries.get(key)!) as TuningRecord;
    first.destroy();

    // Timed 1,000× slower than this machine runs the same kernel: a loaded machine's timings.
    store.entries.set(key, JSON.stringify({ ...record, screenMs: record.screenMs * 1000 }));
    const second = await contextWith(store);
    const fresh = await tunedConfig(second, shape);
    expect(fresh.fromStore).toBe(false);
    expect(fresh.timings.length).toBeGreaterThan(0);
    expect((JSON.parse(store.entries.get(key)!) as TuningRecord).screenMs).toBeLessThan(record.screenMs * 100); // re-screened
    second.destroy();

    // Timed 1,000× faster than now: this start is the loaded one, the store's choice stands.
    store.entries.set(key, JSON.stringify({ ...record, screenMs: record.screenMs / 1000 }));
    const third = await contextWith(store);
    expect(await tunedConfig(third, shape)).toMatchObject({ fromStore: true, config: timed.config, timings: [] });
    third.destroy();
  }, TUNE_MS);
});
