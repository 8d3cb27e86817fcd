import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../../experiment/schema';
import type { Run } from '../../state/runsStore';
import type { Generation } from '../../train/metrics';
import { diffAgainstTruth, generationRows } from './generationsData';

const g = (promptText: string, outputText: string, truthText = 'abc'): Generation => ({ promptText, outputText, truthText, correct: outputText === truthText });
const run = (id: string, generations: Generation[]): Run => ({
  id, label: id, method: 'ntp', color: '', experiment: cloneExperiment(), status: 'done', steps: [], evals: [], generations,
  horizons: null, attention: null, progress: null, createdAt: 0,
});

describe('generationRows', () => {
  it('lines up runs by prompt, keeping first-seen order and gaps', () => {
    const rows = generationRows([run('a', [g('p1', 'abc'), g('p2', 'abd')]), run('b', [g('p2', 'abc'), g('p3', 'x')])]);
    expect(rows.map((r) => r.promptText)).toEqual(['p1', 'p2', 'p3']);
    expect(rows[0].cells.map((c) => c?.outputText ?? null)).toEqual(['abc', null]);
    expect(rows[1].cells.map((c) => c?.correct)).toEqual([false, true]);
    expect(rows[2].cells[0]).toBeNull();
  });
});

describe('diffAgainstTruth', () => {
  it('marks characters that differ from the truth at the same position', () => {
    expect(diffAgainstTruth('a,b,x,d', 'a,b,c,d')).toEqual([
      { text: 'a,b,', same: true },
      { text: 'x', same: false },
      { text: ',d', same: true },
    ]);
    expect(diffAgainstTruth('abcde', 'abc')).toEqual([
      { text: 'abc', same: true },
      { text: 'de', same: false },
    ]);
    expect(diffAgainstTruth('', 'abc')).toEqual([]);
  });
});
