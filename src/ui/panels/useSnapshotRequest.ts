import { useEffect, useRef, useState } from 'react';

/**
 * Calls `request` whenever `key` changes (selection, a new evaluation), one call at a time: a change while a call is
 * in flight is remembered and requested once the call ends. Returns the last failure's message (null after a success).
 * `request` null means there is nothing to ask (no run, or no way to ask).
 */
export function useSnapshotRequest(key: string, request: (() => void | Promise<unknown>) | null): string | null {
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const latest = useRef<{ key: string; request: (() => void | Promise<unknown>) | null }>({ key, request });
  const done = useRef<string | null>(null);

  useEffect(() => {
    latest.current = { key, request };
    const pump = () => {
      const { key: k, request: r } = latest.current;
      if (inFlight.current || !r || done.current === k) return;
      inFlight.current = true;
      done.current = k;
      Promise.resolve()
        .then(r)
        .then(
          () => setError(null),
          (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => {
          inFlight.current = false;
          pump();
        });
    };
    pump();
  }, [key, request]);

  return error;
}
