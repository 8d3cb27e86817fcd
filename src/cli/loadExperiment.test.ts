import { describe, expect, it } from 'vitest';
import { decodeLink } from '../experiment';
import { loadBaseModelNode } from './loadExperiment';

describe('loadBaseModelNode', () => {
  it('builds a scratch model at the size the experiment gives', async () => {
    const { config: exp } = decodeLink('v=2&dmodel=32&layers=2&heads=2&ff=48&maxlen=64');
    const base = await loadBaseModelNode(exp, undefined, '/nonexistent');
    expect(base.config).toMatchObject({ dModel: 32, nLayers: 2, nHeads: 2, dFF: 48, maxLen: 64, vocabSize: 64 });
    expect(base.params.length).toBeGreaterThan(0);
  });
});
