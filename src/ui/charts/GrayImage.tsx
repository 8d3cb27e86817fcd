// A small image of gray levels (0 = black, levels - 1 = white, -1 = not a pixel: red, -2 = no value: pale blue), drawn on a canvas one device
// pixel per cell and scaled up without smoothing; optional outlined cells (a register's source and target).
import { useEffect, useRef } from 'react';
import type { Grid } from '../../tasks';

export interface CellMark {
  cell: number;
  color: string;
}

export function GrayImage({ levels, grid, scale = 4, marks = [], label, onCell }: {
  levels: readonly number[];
  grid: Grid;
  scale?: number;
  marks?: readonly CellMark[];
  label: string;
  /** Pointer over a cell (raster index), or null when it leaves. */
  onCell?: (cell: number | null) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(grid.w, grid.h);
    levels.forEach((v, k) => {
      const g = Math.round((255 * v) / (grid.levels - 1));
      image.data.set(v === -1 ? [225, 29, 72, 255] : v < -1 ? [191, 219, 254, 255] : [g, g, g, 255], 4 * k);
    });
    ctx.putImageData(image, 0, 0);
  }, [levels, grid]);
  const cellAt = (e: React.PointerEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    const c = Math.floor(((e.clientX - r.left) / r.width) * grid.w), row = Math.floor(((e.clientY - r.top) / r.height) * grid.h);
    return c >= 0 && c < grid.w && row >= 0 && row < grid.h ? row * grid.w + c : null;
  };
  return (
    <span className="gray-image" style={{ width: grid.w * scale, height: grid.h * scale }}>
      <canvas ref={ref} width={grid.w} height={grid.h} role="img" aria-label={label}
        onPointerMove={onCell && ((e) => onCell(cellAt(e)))} onPointerLeave={onCell && (() => onCell(null))} />
      {marks.map((m) => (
        <span key={`${m.cell}-${m.color}`} className="gray-image-mark" style={{
          left: (m.cell % grid.w) * scale, top: Math.floor(m.cell / grid.w) * scale, width: scale, height: scale, borderColor: m.color,
        }} />
      ))}
    </span>
  );
}
