// Page checkpoints: a save interrupted after any write leaves the run's pointer on a complete checkpoint, the strays
// are swept, and a damaged checkpoint is named.
import { describe, expect, it } from 'vitest';
import type { RunState } from '../train/run';
import type { RunModelConfig } from '../model/methodTensors';
import { scratchConfig } from '../model/size';
import { CheckpointStore, type KeyValueStore } from './checkpointStore';

/** A Map as storage; after `failAfter` more writes (set or del) every write throws, like a page closed mid-save. */
function memory(): KeyValueStore & { map: Map<string, unknown>; failAfter: number } {
  const map = new Map<string, unknown>();
  const kv = {
    map,
    failAfter: Infinity,
    get: async (k: string) => structuredClone(map.get(k)),
    set: async (k: string, v: unknown) => {
      if (kv.failAfter-- <= 0) throw new Error('page closed');
      map.set(k, structuredClone(v));
    },
    del: async (k: string) => {
      if (kv.failAfter-- <= 0) throw new Error('page closed');
      map.delete(k);
    },
    keys: async () => [...map.keys()],
  };
  return kv;
}

function state(step: number): RunState {
  const a = Float32Array.from([step, 1, 2]);
  return {
    header: { link: 'v=1', method: 'mutor', validationSize: 0, step, optimizerSteps: step, stream: { shuffledFrom: 3, cursor: 1, rng: 4 }, elapsedMs: 10, config: scratchConfig(), numerics: { loss: 4, gradNorm: 1 } },
    params: a, m: a, v: a,
  };
}

describe('CheckpointStore', () => {
  it('saves, lists, loads and removes', async () => {
    const kv = memory(), store = new CheckpointStore(kv);
    expect(await store.load('a')).toBeNull();
    await store.save('a', state(1));
    await store.save('a', state(2));
    await store.save('b', state(5));
    expect(await store.list()).toEqual({ a: 2, b: 5 });
    expect(await store.load('a')).toEqual(state(2));
    expect(kv.map.size).toBe(4); // two pointers, two records: the old record of 'a' is gone
    await store.remove('a');
    expect(await store.list()).toEqual({ b: 5 });
    expect(kv.map.size).toBe(2);
  });

  it('keeps a complete checkpoint whichever write a closed page cut off', async () => {
    for (const [writes, step] of [[0, 1], [1, 1], [2, 2]] as const) {
      const kv = memory(), store = new CheckpointStore(kv);
      await store.save('a', state(1));
      kv.failAfter = writes; // 0: nothing written; 1: the new record only; 2: record and pointer, old not deleted
      await expect(store.save('a', state(2))).rejects.toThrow('page closed');
      kv.failAfter = Infinity;
      expect((await store.load('a'))?.header.step).toBe(step);
      expect(kv.map.size).toBe(2);
    }
  });

  it('reads a checkpoint saved before the method tensors left the model config as the same model', async () => {
    const kv = memory(), store = new CheckpointStore(kv);
    const now = { ...state(3), header: { ...state(3).header, config: { ...scratchConfig(), methodTensors: { registerRows: 1, outputHeads: 1 } } } };
    await store.save('a', { ...now, header: { ...now.header, config: { ...scratchConfig(), nRegisterEmbeddings: 1, nExtraHeads: 0 } as RunModelConfig } });
    expect(await store.load('a')).toEqual(now);
  });

  it('names a damaged checkpoint', async () => {
    const kv = memory(), store = new CheckpointStore(kv);
    await store.save('a', state(1));
    const record = [...kv.map.keys()].find((k) => k.startsWith('ckpt:'))!;
    kv.map.set(record, { ...(kv.map.get(record) as object), m: [1, 2, 3] });
    await expect(store.load('a')).rejects.toThrow(/checkpoint of run a in this browser is damaged \(its tensors are not float32 arrays\)/);
    kv.map.delete(record);
    await expect(store.load('a')).rejects.toThrow(/its record ckpt:a:.* is missing/);
  });
});
