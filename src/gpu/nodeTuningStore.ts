// Kernel tuning kept in Node as a file per key under the user's cache folder: $MUTOR_CACHE_DIR, else
// $XDG_CACHE_HOME/mutor, else ~/.cache/mutor. MUTOR_TUNING_CACHE=off turns it off (every process tunes afresh).
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../util/sha256';
import { writeAtomic } from '../util/atomicFile';
import type { TuningStore } from './tuningStore';

export function tuningCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MUTOR_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mutor');
}

/** A file name for a key: a hash, so that any key makes a valid name and distinct keys never share a file. */
async function fileOf(dir: string, key: string): Promise<string> {
  return join(dir, `tuning-${(await sha256Hex(new TextEncoder().encode(key))).slice(0, 24)}.json`);
}

export function nodeTuningStore(dir = tuningCacheDir()): TuningStore | null {
  if (process.env.MUTOR_TUNING_CACHE === 'off') return null;
  return {
    async read(key) {
      try {
        return readFileSync(await fileOf(dir, key), 'utf8');
      } catch {
        return null; // none yet, or unreadable: tune afresh
      }
    },
    async write(key, text) {
      mkdirSync(dir, { recursive: true });
      writeAtomic(await fileOf(dir, key), text);
    },
  };
}
