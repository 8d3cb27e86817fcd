import { afterEach, describe, expect, it } from 'vitest';
import { cloneExperiment } from '../experiment/schema';
import { useRunsStore } from '../state/runsStore';
import { workAtStake } from './useLeaveGuard';

afterEach(() => useRunsStore.getState().clear());

describe('the leave-page prompt', () => {
  it('asks while runs start (before any run exists), train or wait paused; not for finished or removed runs', () => {
    const s = useRunsStore.getState();
    expect(workAtStake(useRunsStore.getState(), false)).toBe(false);
    expect(workAtStake(useRunsStore.getState(), true)).toBe(true);
    const done = s.addRun({ method: 'ntp', experiment: cloneExperiment(), status: 'done' });
    expect(workAtStake(useRunsStore.getState(), false)).toBe(false);
    const paused = s.addRun({ method: 'mutor', experiment: cloneExperiment(), status: 'paused' });
    expect(workAtStake(useRunsStore.getState(), false)).toBe(true);
    useRunsStore.getState().hide(paused);
    expect(workAtStake(useRunsStore.getState(), false)).toBe(false);
    useRunsStore.getState().setStatus(done, 'running');
    expect(workAtStake(useRunsStore.getState(), false)).toBe(true);
  });
});
