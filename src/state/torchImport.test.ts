import { describe, expect, it } from 'vitest';
import { sortTorchFiles } from './torchImport';

const f = (name: string) => ({ name });

describe('sortTorchFiles', () => {
  it('takes one metrics .jsonl and at most one weights .bin, in any order', () => {
    expect(sortTorchFiles([f('weights.bin'), f('metrics.jsonl')])).toEqual({ metrics: f('metrics.jsonl'), weights: f('weights.bin') });
    expect(sortTorchFiles([f('metrics.jsonl')])).toEqual({ metrics: f('metrics.jsonl'), weights: null });
  });

  it('names what is wrong with the files', () => {
    expect(() => sortTorchFiles([f('model.pt'), f('metrics.jsonl')])).toThrow(/^model\.pt is neither a metrics \.jsonl nor a weights \.bin: drop/);
    expect(() => sortTorchFiles([f('weights.bin')])).toThrow(/^no metrics \.jsonl among the files: drop/);
    expect(() => sortTorchFiles([f('a.jsonl'), f('b.jsonl')])).toThrow(/^2 metrics files \(a\.jsonl, b\.jsonl\); one run at a time/);
    expect(() => sortTorchFiles([f('m.jsonl'), f('a.bin'), f('b.bin')])).toThrow(/^2 weights files \(a\.bin, b\.bin\)/);
  });
});
