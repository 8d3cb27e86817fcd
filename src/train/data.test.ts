// BatchStream state: a stream restored from state() makes exactly the batches the original makes next.
import { describe, expect, it } from 'vitest';
import { presetById } from '../experiment/presets';
import { methodConfigFor } from '../experiment/schema';
import { modelConfigFor } from '../methods/params';
import { scratchModel } from './baseModel';
import { BatchStream, splitsFor } from './data';

const exp = presetById('tiny')!.config;
const method = methodConfigFor(exp, 'mutor');
const config = modelConfigFor(scratchModel(exp.seed).config, method);
const train = splitsFor(exp).train;
const stream = () => new BatchStream(train, method, config, 4, 40, exp.seed);

describe('BatchStream state', () => {
  it('continues the same batches from a saved state, across an epoch boundary and before the first epoch', () => {
    for (const taken of [0, 5, 16, 23]) {
      const a = stream();
      for (let i = 0; i < taken; i++) a.next();
      const b = stream();
      b.restore(structuredClone(a.state()));
      // 64 examples / 4 per batch: 16 batches an epoch; 20 more cross at least one boundary.
      for (let i = 0; i < 20; i++) expect(b.next()).toEqual(a.next());
    }
  });

  it('refuses a cursor outside the epoch', () => {
    const a = stream();
    a.next();
    expect(() => stream().restore({ ...a.state(), cursor: 999 })).toThrow(/cursor 999/);
  });
});
