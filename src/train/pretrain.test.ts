import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { defaultModelConfig } from '../model/config';
import { VOCAB_SIZE } from '../tasks/tokenizer';
import { loadCheckpoint } from './checkpoint';
import { pretrain, type PretrainHeader, type PretrainOptions } from './pretrain';
import type { PretrainSpec } from './pretrainSpecs';

// A small model on the real mixture and vocabulary: the claim under test is the model card's, "same command and seed,
// same weights", including across an interruption.
const spec: PretrainSpec = {
  id: 'nano',
  config: { ...defaultModelConfig, vocabSize: VOCAB_SIZE, dModel: 24, nLayers: 2, nHeads: 3, dFF: 40, maxLen: 32 },
  steps: 6, B: 4, T: 24, lr: 3e-3, warmupSteps: 2,
};
const root = mkdtempSync(join(tmpdir(), 'mutor-pretrain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(dir: string, o: Partial<PretrainOptions> = {}) {
  const ctx = await testContext();
  return pretrain(ctx, spec, { steps: 6, seed: 7, checkpointDir: join(root, dir), checkpointEvery: 2, fresh: false, ...o });
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length), y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

describe('pretrain', { timeout: 240_000 }, () => {
  it('gives bitwise the same weights for the same seed, interrupted and resumed or not, and other weights for another seed', async () => {
    const straight = await run('a');
    expect(straight.complete).toBe(true);
    expect(straight.header.step).toBe(6);
    expect(straight.params.every(Number.isFinite)).toBe(true);
    // The losses went down from the initialization's ln(64) ≈ 4.16: the loop really trains.
    const losses = straight.header.losses.map(([, l]) => l);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    const again = await run('b');
    expect(sameBits(again.params, straight.params)).toBe(true);

    const firstHalf = await run('c', { stopAt: 3 });
    expect(firstHalf.complete).toBe(false);
    expect(loadCheckpoint<PretrainHeader>(join(root, 'c'), 'pretrain')?.header.step).toBe(3);
    const resumed = await run('c');
    expect(resumed.complete).toBe(true);
    expect(sameBits(resumed.params, straight.params)).toBe(true);
    expect(resumed.header.losses).toEqual(straight.header.losses);

    const otherSeed = await run('d', { seed: 8 });
    expect(sameBits(otherSeed.params, straight.params)).toBe(false);
  });

  it('refuses to resume a checkpoint of another schedule', async () => {
    await run('e', { stopAt: 2 });
    await expect(run('e', { steps: 9 })).rejects.toThrow(/6-step run/);
  });
});
