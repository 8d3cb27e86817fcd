import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../experiment/schema';
import type { StepPoint } from '../train/metrics';
import { compactSteps, selectOrderedRuns, useRunsStore } from './runsStore';

const point = (step: number, loss = step): StepPoint => ({
  step, loss, ntpLoss: loss, auxLoss: step % 2 ? null : loss / 2, lr: 1e-3, tokensPerSec: 100, elapsedMs: step * 10,
});

describe('compactSteps', () => {
  it('leaves short histories untouched', () => {
    const pts = [point(1), point(2)];
    expect(compactSteps(pts, 10, 4)).toBe(pts);
  });

  it('keeps the first point and the newest ones exact, and stays under the cap over a long run', () => {
    let pts: StepPoint[] = [];
    for (let s = 1; s <= 30_000; s++) {
      pts = compactSteps([...pts, point(s)], 400, 200);
      expect(pts.length).toBeLessThanOrEqual(400);
    }
    expect(pts[0]).toEqual(point(1));
    expect(pts.at(-1)).toEqual(point(30_000));
    expect(pts.slice(-150).map((p) => p.step)).toEqual(Array.from({ length: 150 }, (_, i) => 30_000 - 149 + i));
    for (let i = 1; i < pts.length; i++) expect(pts[i].step).toBeGreaterThan(pts[i - 1].step);
  });

  it('merges pairs by step-weighted means and keeps the later step and elapsed time', () => {
    const pts = [point(0, 0), point(1, 1), point(4, 4), point(5, 5), point(6, 6)];
    const out = compactSteps(pts, 4, 2);
    // first kept; (1, 4) merged with weights 1 and 3; the newest two kept
    expect(out.map((p) => p.step)).toEqual([0, 4, 5, 6]);
    expect(out[1].loss).toBeCloseTo((1 * 1 + 4 * 3) / 4);
    expect(out[1].elapsedMs).toBe(40);
    expect(out[1].auxLoss).toBe(2); // step 1 has no aux loss: the other one is kept
  });
});

describe('runsStore', () => {
  it('adds runs with method colors, selects a MuToR run, appends, and removes', () => {
    const s = useRunsStore.getState();
    s.clear();
    const ntp = s.addRun({ method: 'ntp', experiment: cloneExperiment() });
    expect(useRunsStore.getState().selection.runId).toBe(ntp);
    const mutor = s.addRun({ method: 'mutor', experiment: cloneExperiment() });
    const ntp2 = s.addRun({ method: 'ntp', experiment: cloneExperiment() });
    let st = useRunsStore.getState();
    expect(st.order).toEqual([ntp, mutor, ntp2]);
    expect(st.runs[mutor].color).toBe('var(--mutor)');
    expect(st.runs[ntp2].label).toBe('NTP 2');
    expect(st.selection.runId).toBe(mutor); // MuToR takes an automatic selection
    s.select({ runId: ntp });
    s.addRun({ method: 'mutor', experiment: cloneExperiment() });
    expect(useRunsStore.getState().selection.runId).toBe(ntp); // a run the user picked is kept
    s.removeRun(useRunsStore.getState().order[3]);
    s.appendStep(mutor, [point(1), point(2)]);
    s.appendStep(mutor, point(3));
    s.appendEval(mutor, { step: 3, testAccuracy: 0.5, nextTokenAccuracy: 0.7, horizonAccuracy: [0.7, null] });
    s.setStatus(mutor, 'error', 'boom');
    s.appendStep('gone', point(1)); // unknown ids are ignored
    st = useRunsStore.getState();
    expect(st.runs[mutor].steps.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(st.runs[mutor].evals).toHaveLength(1);
    expect(st.runs[mutor].error).toBe('boom');
    // Resumed from a checkpoint at step 2: what came after it goes, the curve continues from there.
    s.setSummary(mutor, { method: 'mutor', steps: 3, finalLoss: 3, testAccuracy: 0.5, wallMs: 1, tokens: 1, parameterOverhead: 0 });
    s.rewind(mutor, 2);
    st = useRunsStore.getState();
    expect(st.runs[mutor].steps.map((p) => p.step)).toEqual([1, 2]);
    expect(st.runs[mutor].evals).toEqual([]);
    expect(st.runs[mutor].summary).toBeUndefined();
    expect(st.runs[mutor].progress?.step).toBe(2);
    s.appendStep(mutor, point(3));
    s.removeRun(ntp);
    st = useRunsStore.getState();
    expect(st.order).toEqual([mutor, ntp2]);
    expect(st.selection.runId).toBe(ntp2); // the failed MuToR run is over: the live NTP 2 takes the selection
    expect(st.selection.runPinned).toBe(false);
    s.clear();
    expect(useRunsStore.getState().order).toEqual([]);
    expect(useRunsStore.getState().selection.runId).toBeNull();
  });

  it('never gives a name twice: after removing the first NTP the next one is numbered above the highest', () => {
    const s = useRunsStore.getState();
    s.clear();
    const ids = [1, 2, 3, 4, 5].map(() => s.addRun({ method: 'ntp', experiment: cloneExperiment() }));
    expect(ids.map((id) => useRunsStore.getState().runs[id].label)).toEqual(['NTP', 'NTP 2', 'NTP 3', 'NTP 4', 'NTP 5']);
    s.removeRun(ids[0]);
    const again = s.addRun({ method: 'ntp', experiment: cloneExperiment() });
    expect(useRunsStore.getState().runs[again].label).toBe('NTP 6');
    const first = s.addRun({ method: 'mutor', experiment: cloneExperiment() });
    expect(useRunsStore.getState().runs[first].label).toBe('MuToR');
    s.clear();
  });

  it('shows the newest live run by default, not an earlier saved one, and hidden runs never', () => {
    const s = useRunsStore.getState();
    s.clear();
    const savedMutor = s.addRun({ method: 'mutor', experiment: cloneExperiment(), status: 'stopped' });
    s.addRun({ method: 'ntp', experiment: cloneExperiment(), status: 'done' });
    expect(useRunsStore.getState().selection.runId).toBe(savedMutor); // nothing live: the run with registers
    s.addRun({ method: 'ntp', experiment: cloneExperiment() });
    const liveMutor = s.addRun({ method: 'mutor', experiment: cloneExperiment() });
    expect(useRunsStore.getState().selection.runId).toBe(liveMutor);
    s.hide(liveMutor);
    let st = useRunsStore.getState();
    expect(st.selection.runId).not.toBe(liveMutor);
    expect(selectOrderedRuns(st).map((r) => r.id)).not.toContain(liveMutor);
    s.unhide(liveMutor);
    st = useRunsStore.getState();
    expect(selectOrderedRuns(st).map((r) => r.id)).toContain(liveMutor);
    // A saved run resumed from its checkpoint becomes live and, unpinned, takes the selection.
    s.setStatus(liveMutor, 'done');
    s.setStatus(savedMutor, 'running');
    expect(useRunsStore.getState().selection.runId).toBe(savedMutor);
    s.clear();
  });
});
