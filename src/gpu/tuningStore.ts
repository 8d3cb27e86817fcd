// Where on-device kernel tuning (src/kernels/autotune.ts) is kept across page loads and processes: one short text
// per key. The browser keeps it in IndexedDB (browserTuningStore.ts: a Worker has no localStorage), Node in a file
// under the user's cache folder (nodeTuningStore.ts); a context without a store tunes afresh every time.

export interface TuningStore {
  /** The text last written under `key`, or null. */
  read(key: string): Promise<string | null>;
  write(key: string, text: string): Promise<void>;
}

/** A store that lives as long as the object (tests; several contexts of one process). */
export class MemoryTuningStore implements TuningStore {
  readonly entries = new Map<string, string>();

  async read(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async write(key: string, text: string): Promise<void> {
    this.entries.set(key, text);
  }
}
