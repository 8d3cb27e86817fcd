import { useEffect } from 'react';
import { useRunsStore, type RunsState } from '../state/runsStore';
import { useStartStore } from '../state/startStore';

/**
 * True while leaving would lose work: runs are being started (Train says "Starting…": nothing is saved yet), or the
 * engine trains (or holds a paused run), whose steps after the last checkpoint would be lost.
 */
export function workAtStake({ runs, hidden }: Pick<RunsState, 'runs' | 'hidden'>, starting: boolean): boolean {
  return starting || Object.values(runs).some((r) => !hidden[r.id] && (r.status === 'starting' || r.status === 'running' || r.status === 'paused'));
}

/** Asks the browser's "leave this page?" question while runs start or train. */
export function useLeaveGuard(): void {
  useEffect(() => {
    const ask = (e: BeforeUnloadEvent) => {
      if (!workAtStake(useRunsStore.getState(), useStartStore.getState().starting)) return;
      e.preventDefault();
      e.returnValue = ''; // older browsers need it set to show the prompt
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, []);
}
