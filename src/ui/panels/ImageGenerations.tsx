// An image task's generations: for each class asked for, a real test image and each run's samples (drawn at
// temperature 1 after its last evaluation), framed green when the classifier sees the class asked for, red when not;
// each run's header also gives its test bits per pixel at that evaluation (registers dropped, so methods compare).
import type { Run } from '../../state/runsStore';
import { gridLevels, type Grid } from '../../tasks';
import { GrayImage } from '../charts/GrayImage';

const PER_CELL = 4;

export function ImageGenerations({ runs, grid }: { runs: readonly Run[]; grid: Grid }) {
  const classes = [...new Set(runs.flatMap((r) => r.generations.map((g) => g.promptText)))].sort();
  return (
    <div className="table-scroll">
      <table className="table generations" data-testid="image-generations">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Real</th>
            {runs.map((r) => (
              <th scope="col" key={r.id}>
                <i className="dot" style={{ background: r.color }} aria-hidden /> {r.label}{' '}
                <span className="muted">{r.generations.filter((g) => g.correct).length}/{r.generations.length} recognized</span>
                <BitsPerPixel run={r} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => {
            const truth = runs.flatMap((r) => r.generations).find((g) => g.promptText === c)?.truthText ?? '';
            return (
              <tr key={c}>
                <td>{c}</td>
                <td><GrayImage levels={gridLevels(truth, grid)} grid={grid} scale={3} label={`a real ${c}`} /></td>
                {runs.map((r) => (
                  <td key={r.id} className="image-row">
                    {r.generations.filter((g) => g.promptText === c).slice(0, PER_CELL).map((g, i) => (
                      <span key={i} className={g.correct ? 'answer-right' : 'answer-wrong'} title={g.correct ? 'recognized as this class' : 'not recognized as this class'}>
                        <GrayImage levels={gridLevels(g.outputText.padEnd(grid.h * grid.w, '?'), grid).slice(0, grid.h * grid.w)} grid={grid} scale={3} label={`${r.label}'s sample of ${c}`} />
                      </span>
                    ))}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The test bits per pixel of the run's latest evaluation that measured it. */
function BitsPerPixel({ run }: { run: Run }) {
  const bits = run.evals.findLast((e) => e.image)?.image?.bitsPerPixel;
  if (bits === undefined) return null;
  return (
    <span className="muted image-bits" data-testid="image-bits" data-value={bits} title="Test negative log-likelihood per pixel, registers dropped">
      {' · '}
      {Number.isFinite(bits) ? bits.toFixed(2) : '—'} bits/pixel
    </span>
  );
}
