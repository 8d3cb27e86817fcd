import { useMemo, useState } from 'react';
import { useComparedRuns } from '../../state/compareStore';
import { tasks } from '../../tasks';
import type { Generation } from '../../train/metrics';
import { diffAgainstTruth, generationRows } from './generationsData';
import { ImageGenerations } from './ImageGenerations';
import { EmptyState, Panel } from './Panel';

const FIRST_ROWS = 8;

/** Held-out prompts with each run's greedy answer next to the truth (registers dropped, as at inference). */
export function GenerationsPanel() {
  const runs = useComparedRuns();
  const withGenerations = useMemo(() => runs.filter((r) => r.generations.length > 0), [runs]);
  const rows = useMemo(() => generationRows(withGenerations), [withGenerations]);
  const [showAll, setShowAll] = useState(false);
  const grid = withGenerations.length > 0 ? tasks[withGenerations[0].experiment.task.name]?.grid : undefined;
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <Panel
      id="generations"
      title="Generations"
      testId="generations-panel"
      className="panel-wide"
      explain="Held-out prompts, each run's greedy answer and the truth. Characters that differ from the truth are marked red; ✓ and ✗ are the task's own verdict. Image tasks: images sampled for each class, framed green when the task's classifier recognizes the class."
    >
      {withGenerations.length === 0 ? (
        <EmptyState title="Start a run to see its answers to held-out prompts." testId="generations-empty">
          After each evaluation, every run answers the same test prompts without registers, as a plain next-token model.
        </EmptyState>
      ) : grid ? (
        <ImageGenerations runs={withGenerations} grid={grid} />
      ) : (
        <div className="table-scroll">
          <table className="table generations">
            <thead>
              <tr>
                <th scope="col">Prompt</th>
                <th scope="col">Truth</th>
                {withGenerations.map((r) => {
                  const right = r.generations.filter((g) => g.correct).length;
                  return (
                    <th scope="col" key={r.id}>
                      <i className="dot" style={{ background: r.color }} aria-hidden /> {r.label}{' '}
                      <span className="muted">
                        {right}/{r.generations.length}
                      </span>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.promptText}>
                  <td className="mono prompt-cell">{row.promptText}</td>
                  <td className="mono">{row.truthText}</td>
                  {row.cells.map((g, i) => (
                    <td key={withGenerations[i].id} className="mono">
                      {g ? <Answer g={g} /> : <span className="muted">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > FIRST_ROWS && (
            <button type="button" className="small link-button" onClick={() => setShowAll(!showAll)}>
              {showAll ? `Show the first ${FIRST_ROWS}` : `Show all ${rows.length} prompts`}
            </button>
          )}
        </div>
      )}
    </Panel>
  );
}

function Answer({ g }: { g: Generation }) {
  return (
    <span className={g.correct ? 'answer answer-right' : 'answer answer-wrong'}>
      <span className="verdict-icon" aria-label={g.correct ? 'right' : 'wrong'}>
        {g.correct ? '✓' : '✗'}
      </span>
      {g.outputText === '' ? (
        <span className="muted">(empty)</span>
      ) : (
        <span>
          {diffAgainstTruth(g.outputText, g.truthText).map((s, i) => (
            <span key={i} className={s.same ? undefined : 'diff'}>
              {s.text}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}
