import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { PRETRAIN_MAX_CHARS, pretrainDocuments } from './pretrainMixture';
import { encode } from './tokenizer';

describe('pretrainDocuments', () => {
  const docs = pretrainDocuments(createRng(5), 2000);

  it('stays within the vocabulary and the length bound', () => {
    for (const d of docs) {
      expect(() => encode(d)).not.toThrow();
      expect(d.length).toBeGreaterThan(0);
      expect(d.length).toBeLessThanOrEqual(PRETRAIN_MAX_CHARS);
    }
  });

  it('never contains the fine-tuning formats', () => {
    for (const d of docs) expect(d, d).not.toMatch(/[=|/#]/);
  });

  it('mixes its kinds of text', () => {
    const all = docs.join('\n');
    for (const marker of [' is ', ' leads to ', 'the ', 'count: ', 'letters: ', '*', '?']) expect(all).toContain(marker);
  });

  it('is deterministic per seed', () => {
    expect(pretrainDocuments(createRng(5), 50)).toEqual(docs.slice(0, 50));
    expect(pretrainDocuments(createRng(6), 50)).not.toEqual(docs.slice(0, 50));
  });
});
