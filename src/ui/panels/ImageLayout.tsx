// An image task's example as the chosen method trains on it: the image, with the pixel pointed at and what is
// trained from it outlined (a register's source pixel in blue and its target pixel in pink, or a pixel and the next
// one it predicts), and a line naming the cells, the offset and the register's 2D position. Until a pixel is pointed
// at, the register nearest the image's centre that has a target is shown.
import { TokenKind } from '../../model/batch';
import { methodOf } from '../../methods/registry';
import { gridLevels, type Grid } from '../../tasks';
import { GrayImage, type CellMark } from '../charts/GrayImage';
import type { Preview } from './layoutPreview';

const SOURCE = '#2563eb', TARGET = '#db2777';

const cellName = (k: number, grid: Grid) => (k < 0 ? 'the class token' : `pixel (${Math.floor(k / grid.w)}, ${k % grid.w})`);

export function ImageLayout({ preview, grid, active, onActive }: { preview: Preview; grid: Grid; active: number | null; onActive(index: number | null): void }) {
  const { layout, example } = preview;
  const answerAt = layout.kinds.flatMap((k, i) => (k === TokenKind.answer ? [i] : [])); // cell k -> sequence index
  const cellOf = (index: number) => answerAt.indexOf(index); // -1 for the prefix
  const registerAfter = (cell: number) => layout.registers.find((r) => r.source === (cell < 0 ? layout.promptLen - 1 : answerAt[cell]));
  const pointed = active !== null;
  const reg = pointed ? layout.registers.find((r) => r.index === active) : centralRegister(preview, answerAt, grid);
  const marks: CellMark[] = [];
  let caption = 'Point at a pixel: the register after it, if it has one, and the pixel it predicts are outlined.';
  if (reg) {
    const from = cellOf(reg.source), to = reg.target >= 0 ? cellOf(reg.target) : -1;
    if (from >= 0) marks.push({ cell: from, color: SOURCE });
    if (to >= 0) marks.push({ cell: to, color: TARGET });
    const m = methodOf(preview.method.kind);
    const offset = m.offsetLabel ? `(d_h, d_w) = ${m.offsetLabel(preview.d, preview.method)}, raster offset d = ${layout.d}` : `d = ${reg.offset} pixels ahead in raster order`;
    const position = layout.positions[reg.index].join(', ');
    caption = to >= 0
      ? `The register after ${cellName(from, grid)} predicts ${cellName(to, grid)} (${offset}) from 2D position [${position}], the pixel before its target in raster order.`
      : `The register after ${cellName(from, grid)} has no target: ${offset} leaves the image.`;
    if (!pointed) caption += ' Point at another pixel to see its register.';
  } else if (active !== null && cellOf(active) >= 0) {
    const k = cellOf(active);
    marks.push({ cell: k, color: SOURCE });
    if (k + 1 < grid.h * grid.w) marks.push({ cell: k + 1, color: TARGET });
    caption = `${cellName(k, grid)} at 2D position [${layout.positions[active].join(', ')}] predicts the next pixel in raster order.`;
  }
  return (
    <div className="image-layout" data-testid="image-layout">
      <GrayImage levels={gridLevels(example.answerText, grid)} grid={grid} scale={18} marks={marks} label={`${example.promptText}, the test image`}
        onCell={(cell) => onActive(cell === null ? null : (registerAfter(cell)?.index ?? answerAt[cell]))} />
      <p className="info-line" aria-live="polite" style={{ maxWidth: 320 }}>
        <b>{example.promptText}</b>: {caption}
      </p>
    </div>
  );
}

/** The register with a target whose source pixel is nearest the image's centre; undefined without one. */
function centralRegister({ layout }: Preview, answerAt: readonly number[], grid: Grid) {
  const distance = (source: number) => {
    const k = answerAt.indexOf(source);
    return k < 0 ? Infinity : Math.hypot(Math.floor(k / grid.w) - (grid.h - 1) / 2, (k % grid.w) - (grid.w - 1) / 2);
  };
  let best: (typeof layout.registers)[number] | undefined;
  for (const r of layout.registers) if (r.target >= 0 && distance(r.source) < (best ? distance(best.source) : Infinity)) best = r;
  return best;
}
