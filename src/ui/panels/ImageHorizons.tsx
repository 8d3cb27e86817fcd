// A MuToR run's registers on one test image: each register's top guess drawn as a gray level at the pixel it
// predicts, next to the true image (pale blue: no register predicts that pixel, with a sparse placement or at the
// image's edge), and how many guesses are right.
import { gridLevels, type Grid } from '../../tasks';
import type { HorizonSample } from '../../train/metrics';
import { GrayImage } from '../charts/GrayImage';

/** [truth, guesses] levels per cell; NO_GUESS where no register targets the cell. */
export function horizonImages(sample: HorizonSample, grid: Grid): { truth: number[]; guesses: number[]; right: number; scored: number } {
  const cells = sample.kinds.flatMap((k, i) => (k === 'answer' ? [i] : []));
  const truth = gridLevels(cells.map((i) => sample.tokens[i]).join(''), grid);
  const guesses = cells.map(() => NO_GUESS);
  let right = 0, scored = 0;
  for (const r of sample.registers) {
    const cell = cells.indexOf(r.targetIndex);
    if (cell < 0 || !r.topk[0]) continue;
    const [level] = gridLevels(r.topk[0].token.length === 1 ? r.topk[0].token : '?', grid);
    guesses[cell] = level;
    scored++;
    if (level === truth[cell]) right++;
  }
  return { truth, guesses, right, scored };
}

export const NO_GUESS = -2;

/** `offset`: the registers' offset as the page names it ('d = 3', '(d_h, d_w) = (2, 3)'). */
export function ImageHorizons({ sample, grid, offset }: { sample: HorizonSample; grid: Grid; offset: string }) {
  const { truth, guesses, right, scored } = horizonImages(sample, grid);
  return (
    <div className="image-layout" data-testid="image-horizons">
      <figure>
        <GrayImage levels={truth} grid={grid} scale={12} label="the test image" />
        <figcaption className="muted">truth</figcaption>
      </figure>
      <figure>
        <GrayImage levels={guesses} grid={grid} scale={12} label="the registers' top guesses at the pixels they predict" />
        <figcaption className="muted">registers&apos; top-1 guesses at {offset}</figcaption>
      </figure>
      <p className="panel-sub">
        Top-1 right for <b>{right}</b> of {scored} registers with a target (pale blue: no register predicts that pixel).
      </p>
    </div>
  );
}
