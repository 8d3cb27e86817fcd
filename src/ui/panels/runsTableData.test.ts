import { describe, expect, it } from 'vitest';
import { cloneExperiment, presetById } from '../../experiment';
import type { ExperimentConfig } from '../../experiment';
import type { Run } from '../../state/runsStore';
import { differingFields, runRows, sortRows } from './runsTableData';

function run(id: string, experiment: ExperimentConfig, loss: number | null, method: Run['method'] = 'ntp'): Run {
  return {
    id, label: id, method, color: 'red', experiment, status: 'done', evals: [], generations: [], horizons: null, attention: null, progress: null, createdAt: 0,
    steps: loss === null ? [] : [{ step: 5, loss, ntpLoss: loss, auxLoss: null, lr: 1e-3, tokensPerSec: 100, elapsedMs: 2000 }],
  };
}

const tiny = () => cloneExperiment(presetById('tiny')!.config);

describe('runs table', () => {
  it('names lr as the one field on which two runs differ, with each run\'s value', () => {
    const a = tiny();
    const b = tiny();
    b.optimizer.lr = a.optimizer.lr * 2;
    const fields = differingFields([run('a', a, 1), run('b', b, 2, 'mutor')]);
    expect(fields.map((f) => f.key)).toEqual(['lr']);
    const rows = runRows([run('a', a, 1), run('b', b, 2)], fields);
    expect(rows.map((r) => r.values.lr)).toEqual([String(a.optimizer.lr), String(b.optimizer.lr)]);
    expect(rows[0]).toMatchObject({ loss: 1, wallSec: 2, tokensPerSec: 100, step: 5, experiment: 'Tiny star graph' });
  });

  it('shows a knob of one task as not applying to a run of another, and the same settings as no difference', () => {
    const star = tiny();
    const arith = cloneExperiment(presetById('tiny')!.config);
    arith.task = { name: 'arithmetic', knobs: {} } as ExperimentConfig['task'];
    expect(differingFields([run('a', star, 1), run('b', tiny(), 1)])).toEqual([]);
    const fields = differingFields([run('a', star, 1), run('b', arith, 1)]);
    expect(fields.map((f) => f.key)).toContain('task');
    const rows = runRows([run('a', star, 1), run('b', arith, 1)], fields);
    expect(rows[1].values['k.degree']).toBe('—');
  });

  it('sorts by a metric or a field either way, missing values last', () => {
    const slow = tiny();
    slow.optimizer.lr = 1e-4;
    const rows = runRows([run('a', tiny(), 2), run('b', slow, null), run('c', tiny(), 1)], differingFields([run('a', tiny(), 2), run('b', slow, null)]));
    expect(sortRows(rows, 'loss', false).map((r) => r.run.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'loss', true).map((r) => r.run.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, 'field:lr', false).map((r) => r.run.id)).toEqual(['b', 'a', 'c']);
  });
});
