import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../../experiment/schema';
import { computePreview, predictedBy, previewExamples, summarizePreview, type PreviewView } from './layoutPreview';

const view = (v: Partial<PreviewView> = {}): PreviewView => ({ method: 'mutor', dMode: 'fixed', d: 3, draw: 0, ...v });

describe('layout preview', () => {
  const config = cloneExperiment();
  const examples = previewExamples(config);

  it('lays out one test example with a register before every answer token', () => {
    const r = computePreview(examples, config, view(), 0);
    if (!r.ok) throw new Error(r.error);
    const { preview } = r;
    const answerLen = preview.example.answer.length;
    expect(preview.layout.registers).toHaveLength(answerLen);
    expect(preview.tokens.filter((t) => t.kind === 'register')).toHaveLength(answerLen);
    expect(preview.regularCount).toBe(preview.example.prompt.length + answerLen);
    expect(preview.d).toBe(3);
    const first = preview.layout.registers[0];
    // register after the last prompt token predicts answer[d-1] and carries the position just before it
    expect(predictedBy(preview.layout, first.index)).toEqual([first.target]);
    expect(Number(preview.tokens[first.index].position)).toBe(Number(preview.tokens[first.target].position) - 1);
  });

  it('clamps a fixed d to d max, draws d in [d min, d max] in random mode', () => {
    const big = computePreview(examples, config, view({ d: 99 }), 0);
    expect(big.ok && big.preview.d).toBe(config.method.dMax);
    for (let draw = 0; draw < 20; draw++) {
      const r = computePreview(examples, config, view({ dMode: 'random', draw }), 1);
      if (!r.ok) throw new Error(r.error);
      expect(r.preview.d).toBeGreaterThanOrEqual(config.method.dMin);
      expect(r.preview.d).toBeLessThanOrEqual(config.method.dMax);
    }
  });

  it('NTP has no registers; Multi-Token heads tokens predict up to d max tokens ahead', () => {
    const ntp = computePreview(examples, config, view({ method: 'ntp' }), 0);
    if (!ntp.ok) throw new Error(ntp.error);
    expect(ntp.preview.layout.registers).toHaveLength(0);
    const lastPrompt = ntp.preview.example.prompt.length - 1;
    expect(predictedBy(ntp.preview.layout, lastPrompt)).toEqual([lastPrompt + 1]);
    expect(predictedBy(ntp.preview.layout, 0)).toEqual([]);
    const heads = computePreview(examples, config, view({ method: 'multiTokenHeads' }), 0);
    if (!heads.ok) throw new Error(heads.error);
    expect(predictedBy(heads.preview.layout, lastPrompt)).toEqual([1, 2, 3, 4].map((h) => lastPrompt + h));
  });

  it('teacherless shows dummies in place of the answer, each predicting the next answer token', () => {
    const r = computePreview(examples, config, view({ method: 'teacherless' }), 0);
    if (!r.ok) throw new Error(r.error);
    const answer = r.preview.tokens.filter((t) => t.kind === 'answer');
    expect(answer.map((t) => t.text)).toEqual(answer.map(() => '⟨$⟩'));
    expect(r.preview.d).toBe(0);
    expect(predictedBy(r.preview.layout, answer[0].index)).toEqual([answer[1].index]);
    expect(summarizePreview(r.preview)).toMatch(/dummy inputs ⟨\$⟩ in place of the answer.*one forward pass/);
  });

  it('reports an invalid config instead of throwing', () => {
    const bad = cloneExperiment();
    bad.method.dMin = 9;
    const r = computePreview(examples, bad, view(), 0);
    expect(r.ok).toBe(false);
  });
});

describe('token descriptions', () => {
  const config = cloneExperiment();
  const examples = previewExamples(config);
  it('explain registers, past-the-end registers and regular tokens', async () => {
    const { describeToken, summarizePreview } = await import('./layoutPreview');
    const r = computePreview(examples, config, view({ d: 3 }), 0);
    if (!r.ok) throw new Error(r.error);
    const regs = r.preview.layout.registers;
    expect(describeToken(r.preview, regs[0].index)).toMatch(/^Register 1 \(d = 3\) follows .* and predicts/);
    expect(describeToken(r.preview, regs[regs.length - 1].index)).toMatch(/past the end/);
    expect(describeToken(r.preview, 0)).toMatch(/bidirectional prefix/);
    expect(summarizePreview(r.preview)).toMatch(/registers, d = 3/);
  });
});

describe('snapshotOffset', () => {
  it('uses the shown d, else the chosen one, within 1..dMax', async () => {
    const { snapshotOffset } = await import('./layoutPreview');
    expect(snapshotOffset(4, view({ d: 3 }), 2)).toBe(2);
    expect(snapshotOffset(4, view({ d: 3 }), 0)).toBe(3);
    expect(snapshotOffset(2, view({ d: 3 }), 0)).toBe(2);
  });
});
