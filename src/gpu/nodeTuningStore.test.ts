// The Node tuning store: a file per key under the cache folder, read back by a later store on the same folder.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTuningStore, tuningCacheDir } from './nodeTuningStore';

describe('node tuning store', () => {
  it('keeps each key in its own file, read back by a new store on the same folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mutor-tuning-')), 'cache');
    try {
      const store = nodeTuningStore(dir)!;
      expect(await store.read('adapter a')).toBeNull();
      await store.write('adapter a', '{"a":1}');
      await store.write('adapter b / with odd: characters', '{"b":2}');
      await store.write('adapter a', '{"a":3}');
      const later = nodeTuningStore(dir)!;
      expect(await later.read('adapter a')).toBe('{"a":3}');
      expect(await later.read('adapter b / with odd: characters')).toBe('{"b":2}');
      expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('lives under MUTOR_CACHE_DIR, else XDG_CACHE_HOME/mutor, else ~/.cache/mutor; MUTOR_TUNING_CACHE=off turns it off', () => {
    expect(tuningCacheDir({ MUTOR_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(tuningCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/mutor');
    expect(tuningCacheDir({})).toMatch(/\.cache\/mutor$/);
    const saved = process.env.MUTOR_TUNING_CACHE;
    try {
      process.env.MUTOR_TUNING_CACHE = 'off';
      expect(nodeTuningStore('/tmp/unused')).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.MUTOR_TUNING_CACHE;
      else process.env.MUTOR_TUNING_CACHE = saved;
    }
  });
});
