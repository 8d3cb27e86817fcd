// Kernel tuning kept in the browser's IndexedDB (the engine's Worker has no localStorage), per origin.
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { TuningStore } from './tuningStore';

export function browserTuningStore(): TuningStore | null {
  if (typeof indexedDB === 'undefined') return null;
  let store: UseStore | null = null;
  const db = () => (store ??= createStore('mutor-tuning', 'tuning'));
  return {
    read: async (key) => ((await get(key, db())) as string | undefined) ?? null,
    write: (key, text) => set(key, text, db()),
  };
}
