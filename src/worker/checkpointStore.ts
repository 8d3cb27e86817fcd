// The page's run checkpoints (parameters, AdamW moments, run position) in IndexedDB, written by the engine Worker.
// A save is atomic without a multi-key transaction: the new checkpoint goes under a new key, then the run's pointer
// switches to it, then the old one is deleted. A page closed at any point leaves the pointer on a complete
// checkpoint; the records no pointer names are swept on the next list or load.
import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { RunPosition, RunState } from '../train/run';
import { currentPosition } from '../train/savedPosition';
import { Serial } from '../util/serial';

/** Where the records live: IndexedDB in the Worker, a Map in tests. Every method may reject. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** IndexedDB database 'mutor-checkpoints', object store 'checkpoints' (the saved runs' database is the page's). */
export function indexedDbKeyValue(): KeyValueStore {
  let store: UseStore | null = null;
  const db = (): UseStore => {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB, so runs cannot be checkpointed');
    store ??= createStore('mutor-checkpoints', 'checkpoints');
    return store;
  };
  return {
    get: (key) => get(key, db()),
    set: (key, value) => set(key, value, db()),
    del: (key) => del(key, db()),
    keys: async () => (await keys(db())).map(String),
  };
}

const FORMAT = 1;
const POINTER = 'run:';
const RECORD = 'ckpt:';

interface Pointer {
  record: string;
  step: number;
}

interface StoredCheckpoint extends RunState {
  format: number;
}

const recordPrefix = (id: string) => `${RECORD}${id}:`;

export class CheckpointStore {
  /** Saves, loads and sweeps one at a time: a sweep must never see a record whose pointer is not yet written. */
  private readonly jobs = new Serial();
  private counter = 0;

  constructor(private readonly kv: KeyValueStore) {}

  save(id: string, state: RunState): Promise<void> {
    return this.jobs.run(async () => {
      const old = (await this.kv.get(POINTER + id)) as Pointer | undefined;
      const record = `${recordPrefix(id)}${Date.now().toString(36)}-${this.counter++}`;
      await this.kv.set(record, { format: FORMAT, ...state } satisfies StoredCheckpoint);
      await this.kv.set(POINTER + id, { record, step: state.header.step } satisfies Pointer);
      if (old && old.record !== record) await this.kv.del(old.record);
    });
  }

  /** The run's checkpoint, or null when it has none; throws, naming the run, when its checkpoint is damaged. */
  load(id: string): Promise<RunState | null> {
    return this.jobs.run(async () => {
      await this.sweep();
      const pointer = (await this.kv.get(POINTER + id)) as Pointer | undefined;
      if (!pointer) return null;
      const damaged = (why: string) => new Error(`the checkpoint of run ${id} in this browser is damaged (${why}); remove the run to delete it`);
      const stored = (await this.kv.get(pointer.record)) as StoredCheckpoint | undefined;
      if (!stored) throw damaged(`its record ${pointer.record} is missing`);
      if (stored.format !== FORMAT) throw damaged(`format ${String(stored.format)}, this page reads ${FORMAT}`);
      const { params, m, v, header } = stored;
      if (!(params instanceof Float32Array) || !(m instanceof Float32Array) || !(v instanceof Float32Array)) throw damaged('its tensors are not float32 arrays');
      if (m.length !== params.length || v.length !== params.length) throw damaged('its parameters and moments differ in size');
      if (!isPosition(header)) throw damaged('its run position is incomplete');
      return { header: currentPosition(header), params, m, v };
    });
  }

  /** The step of every run's checkpoint, by run id (also sweeps what an interrupted save left). */
  list(): Promise<Record<string, number>> {
    return this.jobs.run(async () => {
      await this.sweep();
      const out: Record<string, number> = {};
      for (const key of await this.kv.keys()) {
        if (!key.startsWith(POINTER)) continue;
        const p = (await this.kv.get(key)) as Pointer | undefined;
        if (p) out[key.slice(POINTER.length)] = p.step;
      }
      return out;
    });
  }

  remove(id: string): Promise<void> {
    return this.jobs.run(async () => {
      await this.kv.del(POINTER + id);
      for (const key of await this.kv.keys()) if (key.startsWith(recordPrefix(id))) await this.kv.del(key);
    });
  }

  /** Deletes records no pointer names: a new one whose pointer was never written, an old one never deleted. */
  private async sweep(): Promise<void> {
    const all = await this.kv.keys();
    const named = new Set<string>();
    for (const key of all) {
      if (key.startsWith(POINTER)) named.add(((await this.kv.get(key)) as Pointer | undefined)?.record ?? '');
    }
    for (const key of all) if (key.startsWith(RECORD) && !named.has(key)) await this.kv.del(key);
  }
}

function isPosition(h: Partial<RunPosition> | undefined): h is RunPosition {
  return (
    typeof h === 'object' && h !== null && typeof h.link === 'string' && typeof h.method === 'string' && typeof h.step === 'number' &&
    typeof h.optimizerSteps === 'number' && typeof h.validationSize === 'number' && typeof h.elapsedMs === 'number' &&
    typeof h.stream === 'object' && h.stream !== null && typeof h.config === 'object' && h.config !== null && h.numerics !== undefined
  );
}
