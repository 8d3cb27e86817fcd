// The pure half of `mutor experiment`: seeds and methods, --set overrides through the link codec, resume decisions,
// aggregation of final accuracy, and the SVG writer.
import { describe, expect, it } from 'vitest';
import { methodOf, type MethodKind } from '../../methods/registry';
import { decodeLink, encodeLink } from '../../experiment/link';
import { curvesSvg, logTicks, meanCurve, type CurveRun } from './plot';
import { presetById } from '../../experiment/presets';
import {
  aggregateRuns, applySetOverrides, formatAggregate, parseSeeds, planRuns, resumeDecision, runFileName, type SavedRun,
} from './runner';
import { cloneExperiment } from '../../experiment/schema';

function saved(method: MethodKind, seed: number, acc: number, link = 'v=1', over: Partial<SavedRun> = {}): SavedRun {
  return {
    method, seed, link, split: 'test', validationSize: 0, adapter: 'test/adapter',
    steps: [{ step: 1, loss: 2, ntpLoss: 2, auxLoss: null, lr: 1e-3, tokensPerSec: 1, elapsedMs: 1 }],
    evals: [{ step: 1, testAccuracy: acc, nextTokenAccuracy: 0.5, horizonAccuracy: [0.5] }],
    summary: { method, steps: 1, finalLoss: 2, testAccuracy: acc, wallMs: 1000, tokens: 10, parameterOverhead: 0 },
    wallMs: 1000, sampleGenerations: [],
    ...over,
  };
}

describe('seeds', () => {
  it('reads lists and ranges, without repeats', () => {
    expect(parseSeeds('1,2,3')).toEqual([1, 2, 3]);
    expect(parseSeeds('1-3,5,2')).toEqual([1, 2, 3, 5]);
    expect(() => parseSeeds('a')).toThrow();
    expect(() => parseSeeds('3-1')).toThrow();
    expect(() => parseSeeds('')).toThrow();
  });
});

describe('--set overrides', () => {
  const star = presetById('star-graph')?.config ?? cloneExperiment();
  it('applies link keys through the codec', () => {
    const c = applySetOverrides(star, 'a=0.1,dmax=6,lr=0.003,k.degree=3');
    expect(c.method.alpha).toBe(0.1);
    expect(c.method.dMax).toBe(6);
    expect(c.optimizer.lr).toBe(0.003);
    expect(c.task.knobs.degree).toBe(3);
    // Everything else is the preset's.
    expect(c.method.dMin).toBe(star.method.dMin);
    expect(c.task.knobs.pathLength).toBe(star.task.knobs.pathLength);
    expect(encodeLink(c)).toContain('a=0.1');
  });
  it('accepts a value equal to the default', () => {
    expect(applySetOverrides(star, 'lr=0.001').optimizer.lr).toBe(0.001);
  });
  it('rejects bad values and unknown keys instead of falling back', () => {
    expect(() => applySetOverrides(star, 'a=2')).toThrow();
    expect(() => applySetOverrides(star, 'nosuchkey=1')).toThrow();
    expect(() => applySetOverrides(star, 'a')).toThrow(/key=value/);
  });
});

describe('resume', () => {
  const exp = presetById('star-graph')?.config ?? cloneExperiment();
  const plan = planRuns(exp, ['ntp', 'mutor'], [1, 2]);
  it('plans every method × seed, one file each, each link carrying its seed and method', () => {
    expect(plan.map((p) => p.file)).toEqual([runFileName('ntp', 1), runFileName('mutor', 1), runFileName('ntp', 2), runFileName('mutor', 2)]);
    expect(new Set(plan.map((p) => p.link)).size).toBe(4);
    expect(plan[2].link).toContain('seed=2');
  });
  it('runs what is missing, skips what is done, refuses to overwrite another experiment', () => {
    const p = plan[0];
    expect(resumeDecision(p, 'test', 0, undefined)).toEqual({ action: 'run' });
    const done = saved(p.method, p.seed, 0.5, p.link);
    expect(resumeDecision(p, 'test', 0, done)).toEqual({ action: 'skip', saved: done });
    expect(resumeDecision(p, 'test', 0, saved(p.method, p.seed, 0.5, plan[1].link)).action).toBe('conflict');
    expect(resumeDecision(p, 'validation', 200, done).action).toBe('conflict');
  });
  it('reads a run saved under a version-1 link with the meaning it had: the comma-format star graph', () => {
    const v1 = 'v=1&name=Star%20graph,%20degree%202&k.pathLength=3&train=100000&model=nano&runs=ntp&lr=0.003&steps=600&eval=100';
    const [again] = planRuns(decodeLink(v1).config, ['ntp'], [1]);
    expect(resumeDecision(again, 'test', 0, saved('ntp', 1, 0.5, v1)).action).toBe('skip');
    const [nodeFormat] = planRuns(presetById('star-graph')!.config, ['ntp'], [1]);
    expect(resumeDecision(nodeFormat, 'test', 0, saved('ntp', 1, 0.5, v1)).action).toBe('conflict');
  });
});

describe('aggregation', () => {
  it('mean, min, max and sample std of final accuracy per method, in the given order', () => {
    const runs = [saved('mutor', 2, 0.9), saved('ntp', 1, 0.5), saved('mutor', 1, 0.7), saved('ntp', 2, 0.5), saved('mutor', 3, 0.8)];
    const [mutor, ntp, ...rest] = aggregateRuns(runs, ['mutor', 'ntp', 'multiTokenHeads']);
    expect(rest).toEqual([]);
    expect(mutor.seeds).toEqual([1, 2, 3]);
    expect(mutor.mean).toBeCloseTo(0.8, 12);
    expect(mutor.min).toBe(0.7);
    expect(mutor.max).toBe(0.9);
    expect(mutor.std).toBeCloseTo(0.1, 12);
    expect(ntp.std).toBe(0);
    expect(formatAggregate(mutor)).toBe('80.0 ± 10.0 (min 70.0, max 90.0; 3 seeds)');
  });
  it('one seed has zero spread', () => {
    const [a] = aggregateRuns([saved('ntp', 4, 0.25)], ['ntp']);
    expect([a.mean, a.min, a.max, a.std]).toEqual([0.25, 0.25, 0.25, 0]);
    expect(a.finalDiagnosticsMean).toBeUndefined();
  });
  it('refuses to average a run never evaluated (imported without weights), naming it', () => {
    const unevaluated = saved('ntp', 5, 0.25, 'v=1', { evals: [] });
    unevaluated.summary = { ...unevaluated.summary, testAccuracy: null };
    expect(() => aggregateRuns([saved('ntp', 4, 0.25), unevaluated], ['ntp'])).toThrow(/^ntp seed 5 was never evaluated/);
  });
  it('averages the last evaluation’s Clever Hans diagnostics over seeds, when every run has them', () => {
    const withDiagnostics = (seed: number, decision: number, rest: number) => saved('ntp', seed, 0.5, 'v=2', {
      evals: [
        { step: 1, testAccuracy: 0, nextTokenAccuracy: 0, horizonAccuracy: [0], answerDiagnostics: { generatedDecision: 0, teacherForcedDecision: 0, teacherForcedRest: 0, nextTokenCeiling: 0.9 } },
        { step: 2, testAccuracy: 0.5, nextTokenAccuracy: 0.9, horizonAccuracy: [0.9], answerDiagnostics: { generatedDecision: decision, teacherForcedDecision: decision, teacherForcedRest: rest, nextTokenCeiling: 11 / 12 } },
      ],
    });
    const [a] = aggregateRuns([withDiagnostics(1, 0.4, 1), withDiagnostics(2, 0.6, 0.9)], ['ntp']);
    expect(a.finalDiagnosticsMean).toEqual({ nextTokenAccuracy: 0.9, nextTokenCeiling: 11 / 12, generatedDecision: 0.5, teacherForcedDecision: 0.5, teacherForcedRest: 0.95 });
    expect(formatAggregate(a)).toBe('50.0 ± 0.0 (min 50.0, max 50.0; 2 seeds); means: decision 50.0 generated, 50.0 teacher-forced, rest 95.0, next-token 90.0 (ceiling without planning 91.7)');
    expect(aggregateRuns([withDiagnostics(1, 0.4, 1), saved('ntp', 2, 0.5)], ['ntp'])[0].finalDiagnosticsMean).toBeUndefined();
  });
});

describe('curves SVG', () => {
  const run = (method: MethodKind, seed: number, k: number): CurveRun => ({
    method, seed,
    loss: [10, 20, 30].map((step) => ({ step, value: k / step })),
    accuracy: [{ step: 15, value: 0.1 * k }, { step: 30, value: 0.2 * k }],
  });
  it('averages curves at shared steps', () => {
    expect(meanCurve([[{ step: 1, value: 1 }, { step: 2, value: 3 }], [{ step: 1, value: 3 }]])).toEqual([{ step: 1, value: 2 }]);
    expect(meanCurve([])).toEqual([]);
  });
  it('draws every seed thin and one bold mean per method, in the method colors, and escapes text', () => {
    const svg = curvesSvg([run('ntp', 1, 1), run('ntp', 2, 2), run('mutor', 1, 3), run('mutor', 2, 4)], { title: 'a < b & "c"' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    const lines = [...svg.matchAll(/<polyline [^>]*stroke="([^"]+)" stroke-width="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    // Two panels × two methods × (two seeds + one mean).
    expect(lines.length).toBe(12);
    expect(lines.filter(([c, w]) => c === methodOf('ntp').plotColor && w === '1').length).toBe(4);
    expect(lines.filter(([c, w]) => c === methodOf('mutor').plotColor && w === '2.75').length).toBe(2);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
  it('a single run gets a bold line only, and NaN values are left out', () => {
    const r = run('multiTokenHeads', 7, 1);
    r.loss.push({ step: 40, value: NaN });
    const svg = curvesSvg([r], { title: 't' });
    expect([...svg.matchAll(/<polyline /g)].length).toBe(2);
    expect(svg).not.toMatch(/NaN/);
  });
  it('log ticks: at least three inside the range', () => {
    expect(logTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    const narrow = logTicks(2.5, 6.3);
    expect(narrow.length).toBeGreaterThanOrEqual(3);
    for (const t of narrow) expect(t >= 2.5 && t <= 6.3).toBe(true);
    expect(logTicks(1.58, 3.98)).toEqual([2, 3]);
  });
});
