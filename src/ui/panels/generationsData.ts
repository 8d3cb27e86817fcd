// Held-out generations of several runs side by side: one row per prompt (in first-seen order), one cell per run.
import type { Run } from '../../state/runsStore';
import type { Generation } from '../../train/metrics';

export interface GenerationRow {
  promptText: string;
  truthText: string;
  /** One per run, in the runs' order; null when that run has no generation for this prompt. */
  cells: (Generation | null)[];
}

export function generationRows(runs: readonly Run[]): GenerationRow[] {
  const rows = new Map<string, GenerationRow>();
  runs.forEach((run, r) => {
    for (const g of run.generations) {
      let row = rows.get(g.promptText);
      if (!row) {
        row = { promptText: g.promptText, truthText: g.truthText, cells: runs.map(() => null) };
        rows.set(g.promptText, row);
      }
      row.cells[r] ??= g;
    }
  });
  return [...rows.values()];
}

export interface DiffSegment {
  text: string;
  /** The characters match the truth at the same places. */
  same: boolean;
}

/** The output split into runs of characters that do / do not match the truth position by position. */
export function diffAgainstTruth(output: string, truth: string): DiffSegment[] {
  const chars = [...output], want = [...truth];
  const segments: DiffSegment[] = [];
  chars.forEach((c, i) => {
    const same = want[i] === c;
    const last = segments[segments.length - 1];
    if (last && last.same === same) last.text += c;
    else segments.push({ text: c, same });
  });
  return segments;
}
