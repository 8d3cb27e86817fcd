import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../../experiment/schema';
import type { Run } from '../../state/runsStore';
import { cleverHansRows, curveTables } from './curvesData';

const run = (id: string, method: Run['method'], steps: [number, number, number | null][], evals: [number, number][]): Run => ({
  id, label: id, method, color: `var(--${method})`, experiment: cloneExperiment(), status: 'running',
  steps: steps.map(([step, ntpLoss, auxLoss]) => ({ step, loss: ntpLoss, ntpLoss, auxLoss, lr: 1e-3, tokensPerSec: 1, elapsedMs: 0 })),
  evals: evals.map(([step, testAccuracy]) => ({ step, testAccuracy, nextTokenAccuracy: 0, horizonAccuracy: [] })),
  generations: [], horizons: null, attention: null, progress: null, createdAt: 0,
});

describe('curveTables', () => {
  const runs = [
    run('a', 'ntp', [[1, 3, null], [2, 2, null]], [[2, 0.1]]),
    run('b', 'mutor', [[1, 3.5, 4], [3, 1.5, 2]], [[3, 0.4]]),
    run('c', 'ntp', [[2, 2.5, null]], []),
  ];
  it('aligns every run on the loss chart and only runs with an auxiliary loss on the aux chart', () => {
    const t = curveTables(runs, { log: false, smoothing: 0 });
    expect(t.ntp.data).toEqual([[1, 2, 3], [3, 2, null], [3.5, null, 1.5], [null, 2.5, null]]);
    expect(t.aux.series.map((s) => s.label)).toEqual(['b']);
    expect(t.aux.data).toEqual([[1, 3], [4, 2]]);
    expect(t.accuracy.data).toEqual([[2, 3], [0.1, null], [null, 0.4], [null, null]]);
  });
  it('draws the decision chart and the Clever Hans rows only for runs whose evaluations have the diagnostics', () => {
    const diagnostics = { generatedDecision: 0.5, teacherForcedDecision: 0.48, teacherForcedRest: 1, nextTokenCeiling: 11 / 12 };
    const star = run('s', 'mutor', [], [[1, 0.2], [2, 0.5]]);
    star.evals[1].answerDiagnostics = diagnostics;
    const t = curveTables([...runs, star], { log: false, smoothing: 0 });
    expect(t.decision.series.map((s) => s.label)).toEqual(['s']);
    expect(t.decision.data).toEqual([[1, 2], [null, 0.5]]);
    expect(cleverHansRows([...runs, star])).toEqual([{ run: star, step: 2, exactMatch: 0.5, nextTokenAccuracy: 0, diagnostics }]);
    expect(cleverHansRows(runs)).toEqual([]);
  });
  it('leaves the runs the legend hid out of every chart, and the others keep their dashes', () => {
    const t = curveTables(runs, { log: false, smoothing: 0, hidden: new Set(['a', 'b']) });
    expect(t.ntp.series.map((s) => s.label)).toEqual(['c']);
    expect(t.ntp.series[0].dash).not.toEqual([]);
    expect(t.ntp.data).toEqual([[2], [2.5]]);
    expect(t.aux.series).toEqual([]);
    expect(curveTables(runs, { log: false, smoothing: 0, hidden: new Set(runs.map((r) => r.id)) }).ntp.series).toEqual([]);
  });
  it('dashes a second run of the same method', () => {
    const t = curveTables(runs, { log: false, smoothing: 0 });
    expect(t.ntp.series[0].dash).toEqual([]);
    expect(t.ntp.series[2].dash).not.toEqual([]);
  });
});
