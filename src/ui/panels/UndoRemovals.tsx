import { useEffect } from 'react';
import { UNDO_MS, usePendingRemovals } from '../../state/pendingRemovals';

/** "Removed NTP 2. Undo": one line per run whose removal can still be undone; pending removals complete on leaving. */
export function UndoRemovals() {
  const pending = usePendingRemovals((s) => s.pending);
  const undo = usePendingRemovals((s) => s.undo);
  useEffect(() => {
    const leave = () => usePendingRemovals.getState().flush();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, []);
  if (pending.length === 0) return null;
  return (
    <ul className="undo-removals" role="status" aria-label="Removed runs" data-testid="undo-removals">
      {pending.map((p) => (
        <li key={p.id} className="note">
          <span>
            Removed {p.label}; it is deleted from this browser in {UNDO_MS / 1000} s.
          </span>
          <button type="button" className="small" onClick={() => undo(p.id)} data-testid="undo-remove">
            Undo
          </button>
        </li>
      ))}
    </ul>
  );
}
