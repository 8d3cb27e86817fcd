import { useEffect } from 'react';
import { useRunsStore } from '../state/runsStore';

/** True while the engine trains (or holds a paused run): leaving the page would lose what came after the last checkpoint. */
function training(): boolean {
  const { runs, hidden } = useRunsStore.getState();
  return Object.values(runs).some((r) => !hidden[r.id] && (r.status === 'starting' || r.status === 'running' || r.status === 'paused'));
}

/** Asks the browser's "leave this page?" question while runs train. */
export function useLeaveGuard(): void {
  useEffect(() => {
    const ask = (e: BeforeUnloadEvent) => {
      if (!training()) return;
      e.preventDefault();
      e.returnValue = ''; // older browsers need it set to show the prompt
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, []);
}
