// MuToR-2D's registers' top-1 accuracy by offset pair at one evaluation, as a small heat grid: rows d_h, columns d_w,
// each cell's value printed on it, (1, 1) the next token (uncolored); a color scale with its numbers below. A cell
// picks the pair whose guesses the gray-level image shows.
import { useState } from 'react';
import type { EvalPoint } from '../../train/metrics';
import { heatColor, inkOn, rgbString } from '../charts/colors';
import { formatPercent } from '../format';
import { pairGrid, pairScale } from './offsetPairGridData';

const SCALE_TICKS = 5;

export function OffsetPairGrid({ evals, D, shown, onPick }: {
  evals: readonly EvalPoint[];
  D: number;
  /** The pair number whose guesses the panel draws (outlined). */
  shown: number;
  onPick(k: number): void;
}) {
  const [chosen, setChosen] = useState<number | null>(null); // a step; null: the latest evaluation
  const point = evals.find((e) => e.step === chosen) ?? evals[evals.length - 1];
  if (!point) return <p className="note" data-testid="horizon-grid-empty">The accuracy by (d_h, d_w) appears after the first evaluation.</p>;
  const grid = pairGrid(point.horizonAccuracy, D);
  const scale = pairScale(grid);
  const color = (v: number) => heatColor(scale ? (v - scale.low) / (scale.high - scale.low) : 0, 1);
  return (
    <figure className="pair-grid" data-testid="horizon-grid">
      <figcaption className="pair-grid-head">
        <span>Top-1 accuracy by (d_h, d_w)</span>
        {evals.length > 1 ? (
          <label className="select-field">
            <span className="segmented-label">Step</span>
            <select value={point.step} onChange={(e) => setChosen(Number(e.target.value))} data-testid="horizon-grid-step">
              {evals.map((e) => (
                <option key={e.step} value={e.step}>{e.step}</option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted"> at step {point.step}</span>
        )}
      </figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col" className="pair-grid-corner"><span>d_h</span> \ <span>d_w</span></th>
            {grid[0].map((c) => <th scope="col" key={c.dw}>{c.dw}</th>)}
          </tr>
        </thead>
        <tbody>
          {grid.map((row) => (
            <tr key={row[0].dh}>
              <th scope="row">{row[0].dh}</th>
              {row.map((c) => {
                const what = c.k === 0 ? 'the next pixel (next-token accuracy)' : `the pixel ${c.dh - 1} rows down and ${c.dw - 1} columns right`;
                const bg = c.accuracy === null || c.k === 0 ? null : color(c.accuracy);
                const label = `(${c.dh}, ${c.dw}): ${what}, top-1 ${formatPercent(c.accuracy, 1)}`;
                return (
                  <td key={c.k} data-testid="horizon-grid-cell" data-value={c.accuracy ?? ''} title={label}
                    className={c.k === shown ? 'pair-grid-shown' : undefined}
                    style={bg ? { background: rgbString(bg), color: inkOn(bg) } : undefined}>
                    {c.k === 0 ? (
                      <span aria-label={label} className="pair-grid-next">{formatPercent(c.accuracy)}<small>next</small></span>
                    ) : (
                      <button type="button" aria-label={`${label}; show its guesses`} aria-pressed={c.k === shown} onClick={() => onPick(c.k)}>
                        {formatPercent(c.accuracy)}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {scale && <ColorScale low={scale.low} high={scale.high} />}
      <p className="panel-sub">
        (1, 1): the next pixel, not colored. Colors span the registers&apos; lowest to highest accuracy at this step; click a pair to see its guesses (outlined: shown).
      </p>
    </figure>
  );
}

function ColorScale({ low, high }: { low: number; high: number }) {
  const stops = Array.from({ length: 11 }, (_, i) => `${rgbString(heatColor(i / 10, 1))} ${i * 10}%`).join(', ');
  const ticks = Array.from({ length: SCALE_TICKS }, (_, i) => low + ((high - low) * i) / (SCALE_TICKS - 1));
  return (
    <div className="pair-scale" data-testid="horizon-grid-scale" role="img" aria-label={`Color scale from ${formatPercent(low, 1)} to ${formatPercent(high, 1)}`}>
      <span className="pair-scale-bar" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <span className="pair-scale-ticks">
        {ticks.map((t, i) => <span key={i}>{formatPercent(t, 1)}</span>)}
      </span>
    </div>
  );
}
