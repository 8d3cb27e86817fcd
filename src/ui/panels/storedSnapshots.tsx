import { useState } from 'react';
import type { Run } from '../../state/runsStore';
import type { RunSnapshot } from '../../train/snapshots';

export interface StoredSnapshot {
  steps: number[];
  snapshot: RunSnapshot;
  select(step: number): void;
}

/** The snapshot a run without a model shows (a gallery run's, at the step chosen, the last by default); null without any. */
export function useStoredSnapshot(run: Run | null): StoredSnapshot | null {
  const [chosen, setChosen] = useState<number | null>(null);
  const shots = run?.snapshots ?? [];
  if (shots.length === 0) return null;
  const snapshot = shots.find((s) => s.step === chosen) ?? shots[shots.length - 1];
  return { steps: shots.map((s) => s.step), snapshot, select: setChosen };
}

/** Which stored step the panel shows. */
export function SnapshotStepSelect({ stored, testId }: { stored: StoredSnapshot; testId: string }) {
  return (
    <label className="select-field">
      <span className="segmented-label">Step</span>
      <select value={stored.snapshot.step} onChange={(e) => stored.select(Number(e.target.value))} data-testid={testId}>
        {stored.steps.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}
