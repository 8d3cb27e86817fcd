// Worked examples of the teacherless layout and its one-pass decoding, on prompt [10 11 12] (Q = 3) and answer
// [20 21 22 EOS] (A = 4).
import { describe, expect, it } from 'vitest';
import { TokenKind, type Batch } from '../../model/batch';
import { defaultModelConfig } from '../../model/config';
import { DUMMY, EOS } from '../../tasks/tokenizer';
import { generateFor } from '../../train/generate';
import type { LogitsModel } from '../../model/logitsModel';
import { layoutSequence } from '../layout';
import { methodConfig } from '../registry';
import { teacherless } from '.';

const example = { prompt: [10, 11, 12], answer: [20, 21, 22, EOS] };
const { prompt: P, answer: A } = TokenKind;
const $ = DUMMY;

describe('teacherless layout', () => {
  it('dummies replace the answer inputs; the targets, kinds and positions are NTP\'s', () => {
    const l = layoutSequence(example, methodConfig('teacherless'), 0, 64);
    const ntp = layoutSequence(example, methodConfig('ntp'), 0, 64);
    expect(l.inputIds).toEqual([10, 11, 12, $, $, $, $]);
    expect(l.kinds).toEqual([P, P, P, A, A, A, A]);
    expect(l.positions).toEqual(ntp.positions);
    expect(l.heads).toEqual(ntp.heads);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 21, 22, EOS, -1]);
    expect(l.promptLen).toBe(3);
  });

  it('the inference input is the prompt and K dummies, with no targets', () => {
    if (teacherless.inference.kind !== 'oneShot') throw new Error('teacherless decodes in one pass');
    const l = teacherless.inference.layout([10, 11, 12], 5);
    expect(l.inputIds).toEqual([10, 11, 12, $, $, $, $, $]);
    expect(l.heads[0].weights.every((w) => w === 0)).toBe(true);
  });
});

describe('teacherless decoding', () => {
  // A stand-in model: at sequence index i it puts its largest logit on answer[i - (Q - 1)], so a correct one-pass
  // decoder reads exactly the answer; it records every batch it is given.
  const V = defaultModelConfig.vocabSize;
  const seen: Batch[] = [];
  const model: LogitsModel = {
    config: defaultModelConfig, maxBatch: 4, maxT: 12,
    async logits(batch) {
      seen.push(batch);
      const out = new Float32Array(batch.B * batch.T * V).fill(NaN);
      for (let b = 0; b < batch.B; b++) {
        for (let t = 0; t < batch.T; t++) {
          const row = out.subarray((b * batch.T + t) * V, (b * batch.T + t + 1) * V).fill(0);
          const j = t - (batch.promptLen[b] - 1);
          row[j >= 0 && j < example.answer.length ? example.answer[j] : 5] = 1;
        }
      }
      return out;
    },
  };

  it('reads the whole answer from one forward pass and cuts it after the first EOS', async () => {
    const out = await generateFor(model, 'teacherless', [example.prompt, [1, 10]], 6, EOS);
    expect(out).toEqual([example.answer, example.answer]);
    expect(seen).toHaveLength(1);
    expect([...seen[0].inputIds.subarray(0, 9)]).toEqual([10, 11, 12, $, $, $, $, $, $]);
  });

  it('gives no more answer slots than maxT leaves after the prompt', async () => {
    seen.length = 0;
    const out = await generateFor(model, 'teacherless', [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], 6, EOS);
    expect(out).toEqual([[20, 21]]);
    expect(seen[0].T).toBe(12);
  });
});
