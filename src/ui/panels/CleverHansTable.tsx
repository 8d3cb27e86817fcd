import type { Run } from '../../state/runsStore';
import { formatPercent } from '../format';
import { cleverHansRows } from './curvesData';

/** Each run's latest decision vs rest accuracies: what tells "stuck on the shortcut" from "not trained yet". */
export function CleverHansTable({ runs }: { runs: readonly Run[] }) {
  const rows = cleverHansRows(runs);
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll clever-hans" data-testid="clever-hans-table">
      <table className="table">
        <caption className="table-caption">
          Clever Hans check, last evaluation. The decision is the first node after the start; a model that cannot plan guesses it
          (1/degree). Stuck on the shortcut: rest near 100%, decision near 1/degree, next-token at its ceiling. Not trained yet:
          rest well below 100%.
        </caption>
        <thead>
          <tr>
            <th>Run</th>
            <th>Step</th>
            <th>Exact match</th>
            <th title="Greedy generation">Decision, generated</th>
            <th title="The true path before it given">Decision, teacher-forced</th>
            <th title="Nodes after the decision, teacher-forced">Rest, teacher-forced</th>
            <th title="Teacher-forced accuracy over every answer token, and the most a model that guesses the decision can reach">Next-token (ceiling)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ run, step, exactMatch, nextTokenAccuracy, diagnostics: d }) => (
            <tr key={run.id}>
              <td style={{ color: run.color }}>{run.label}</td>
              <td>{step}</td>
              <td>{formatPercent(exactMatch, 1)}</td>
              <td>{formatPercent(d.generatedDecision, 1)}</td>
              <td>{formatPercent(d.teacherForcedDecision, 1)}</td>
              <td>{formatPercent(d.teacherForcedRest, 1)}</td>
              <td>
                {formatPercent(nextTokenAccuracy, 1)} ({formatPercent(d.nextTokenCeiling, 1)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
