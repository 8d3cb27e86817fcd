import { describe, expect, it } from 'vitest';
import { decodeLink, presetById } from '../experiment';
import type { Run } from '../state/runsStore';
import { exportFileName, runCsv, runJson, shareUrl } from './runExport';

const experiment = presetById('tiny')!.config;
const run: Run = {
  id: 'run-1',
  label: 'MuToR',
  method: 'mutor',
  color: 'var(--mutor)',
  experiment,
  status: 'done',
  steps: [
    { step: 1, loss: 4.1, ntpLoss: 4.2, auxLoss: 4, lr: 0.0005, tokensPerSec: 120.5, elapsedMs: 900 },
    { step: 2, loss: NaN, ntpLoss: 3.9, auxLoss: null, lr: 0.001, tokensPerSec: 130, elapsedMs: 1800 },
  ],
  evals: [{ step: 2, testAccuracy: 0.25, nextTokenAccuracy: 0.5, horizonAccuracy: [0.5, null] }],
  generations: [{ promptText: '1,2|', outputText: '2,3', truthText: '2,3', correct: true }],
  horizons: null,
  attention: null,
  progress: null,
  summary: { method: 'mutor', steps: 2, finalLoss: 3.9, testAccuracy: 0.25, wallMs: 1800, tokens: 256, parameterOverhead: 64 },
  createdAt: Date.UTC(2026, 0, 2),
};

describe('run export', () => {
  it('JSON carries config, share link, curves, evals, generations and summary', () => {
    const doc = JSON.parse(runJson(run, 'http://127.0.0.1:4173/#old', new Date(Date.UTC(2026, 0, 3))));
    expect(doc.format).toBe('mutor-run');
    expect(doc.run).toMatchObject({ id: 'run-1', method: 'mutor', status: 'done', createdAt: '2026-01-02T00:00:00.000Z' });
    expect(doc.experiment).toEqual(experiment);
    expect(doc.link.startsWith('http://127.0.0.1:4173/#v=2&')).toBe(true);
    expect(decodeLink(doc.link.split('#')[1])).toEqual({ config: experiment, problems: [] });
    expect(doc.steps).toHaveLength(2);
    expect(doc.steps[1].loss).toBeNull(); // NaN has no JSON form
    expect(doc.evals[0].horizonAccuracy).toEqual([0.5, null]);
    expect(doc.generations).toHaveLength(1);
    expect(doc.summary.parameterOverhead).toBe(64);
  });

  it('CSV has one row per step point, then one per evaluation', () => {
    const lines = runCsv(run).trimEnd().split('\n');
    expect(lines[0]).toBe('kind,step,loss,ntpLoss,auxLoss,lr,tokensPerSec,elapsedMs,testAccuracy,nextTokenAccuracy,horizonAccuracy1,horizonAccuracy2');
    expect(lines[1]).toBe('step,1,4.1,4.2,4,0.0005,120.5,900,,,,');
    expect(lines[2]).toBe('step,2,,3.9,,0.001,130,1800,,,,');
    expect(lines[3]).toBe('eval,2,,,,,,,0.25,0.5,0.5,');
    expect(lines.every((l) => l.split(',').length === 12)).toBe(true);
  });

  it('CSV adds the Clever Hans diagnostics when the evaluations have them', () => {
    const answerDiagnostics = { generatedDecision: 0.5, teacherForcedDecision: 0.25, teacherForcedRest: 1, nextTokenCeiling: 0.875 };
    const lines = runCsv({ ...run, evals: [{ ...run.evals[0], answerDiagnostics }, { ...run.evals[0], step: 1 }] }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/,horizonAccuracy2,generatedDecision,teacherForcedDecision,teacherForcedRest,nextTokenCeiling$/);
    expect(lines[3]).toBe('eval,2,,,,,,,0.25,0.5,0.5,,0.5,0.25,1,0.875');
    expect(lines[4]).toBe('eval,1,,,,,,,0.25,0.5,0.5,,,,,');
    expect(lines.every((l) => l.split(',').length === 16)).toBe(true);
  });

  it('CSV names MuToR-2D\'s horizon columns by their pair (d_h, d_w)', () => {
    const grid = { ...run, method: 'mutor2d' as const, experiment: { ...run.experiment, method: { ...run.experiment.method, dMax: 2 } } };
    const lines = runCsv({ ...grid, evals: [{ ...run.evals[0], horizonAccuracy: [0.6, 0.3, 0.2, 0.1] }] }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/,nextTokenAccuracy,horizonAccuracy_dh1_dw1,horizonAccuracy_dh1_dw2,horizonAccuracy_dh2_dw1,horizonAccuracy_dh2_dw2$/);
    expect(lines[3]).toBe('eval,2,,,,,,,0.25,0.5,0.6,0.3,0.2,0.1');
  });

  it('names files after the experiment and run', () => {
    expect(exportFileName(run, 'onnx')).toBe('mutor-tiny-star-graph-mutor.onnx');
    expect(exportFileName({ ...run, experiment: { ...experiment, name: '' }, label: 'MuToR 2' }, 'csv')).toBe('mutor-stargraph-mutor-2.csv');
    expect(shareUrl(experiment, 'http://x/a?b#c')).toMatch(/^http:\/\/x\/a\?b#v=2&/);
  });
});
