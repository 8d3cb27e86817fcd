import { describe, expect, it } from 'vitest';
import { buildLayout } from '../model/layout';
import { modelConfigFor } from '../methods/params';
import { methodConfig, METHOD_KINDS, methodOf } from '../methods/registry';
import { scratchModel } from './baseModel';
import type { RunPosition } from './run';
import { currentPosition } from './savedPosition';

const base = scratchModel(1).config;
const position = (config: object) => ({ link: '#v=2', method: 'mutor', step: 3, config }) as unknown as RunPosition;

describe('a saved run position from before the method tensors left ModelConfig', () => {
  // Methods of that time: a sequential MTP model (DeepSeek MTP) came after, so no position of the old format holds one.
  const thenKinds = METHOD_KINDS.filter((k) => methodOf(k).tensors(methodConfig(k)).extraHeads === undefined);
  it.each(thenKinds)('%s: its register and extra-head fields become the method tensors, with the same layout', (kind) => {
    const method = methodConfig(kind, { dMax: 3, perOffsetEmbeddings: true });
    const now = modelConfigFor(base, method);
    const { registerRows, outputHeads } = now.methodTensors!;
    // As it was written then: the two counts among the config's own fields.
    const saved = position({ ...base, nRegisterEmbeddings: registerRows, nExtraHeads: outputHeads - 1 });
    const upgraded = currentPosition(saved);
    expect(upgraded.config).toEqual(now);
    expect({ ...upgraded, config: null }).toEqual({ ...saved, config: null });
    expect(buildLayout(upgraded.config)).toEqual(buildLayout(now));
  });

  it('a position written by this version is returned as it is', () => {
    const saved = position(modelConfigFor(base, methodConfig('mutor')));
    expect(currentPosition(saved)).toBe(saved);
  });
});
