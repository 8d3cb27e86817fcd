import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { TokenKindName } from '../../model/batch';
import { kindStripColors } from './colors';
import { cellEdge, heatmapGeometry, hitCell, shortTokenLabel } from './heatmapGeometry';
import { useElementWidth } from './useElementWidth';

interface HeatmapProps {
  n: number;
  kinds: readonly TokenKindName[];
  labels: readonly string[];
  /** [n*n] CSS colors, row-major (row = query, col = key). */
  colors: readonly string[];
  /** What the readout says about one cell. */
  describe(row: number, col: number): string;
  ariaLabel: string;
  /** Largest side in CSS pixels. */
  maxSize?: number;
  /** A row to outline (e.g. the token pointed at elsewhere), or null. */
  highlightRow?: number | null;
  testId?: string;
}

/**
 * A square n×n canvas heatmap with kind strips along both axes and token labels when they fit. Pointing at a cell
 * (or focusing the map and moving with the arrow keys) outlines its row and column and fills the readout below.
 */
export function Heatmap({ n, kinds, labels, colors, describe, ariaLabel, maxSize = 560, highlightRow = null, testId }: HeatmapProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(boxRef);
  const [cursor, setCursor] = useState<{ row: number; col: number } | null>(null);
  const g = useMemo(() => heatmapGeometry(Math.min(width, maxSize), n), [width, maxSize, n]);
  const inRange = cursor !== null && cursor.row < n && cursor.col < n ? cursor : null;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || g.size <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    const px = Math.ceil(g.size);
    canvas.width = px * dpr;
    canvas.height = px * dpr;
    canvas.style.width = `${px}px`;
    canvas.style.height = `${px}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, px, px);
    for (let r = 0; r < n; r++) {
      const y0 = cellEdge(g, r), y1 = cellEdge(g, r + 1);
      for (let c = 0; c < n; c++) {
        const x0 = cellEdge(g, c);
        ctx.fillStyle = colors[r * n + c] ?? '#ffffff';
        ctx.fillRect(x0, y0, cellEdge(g, c + 1) - x0, y1 - y0);
      }
    }
    const stripAt = g.labelBand;
    for (let i = 0; i < n; i++) {
      const a = cellEdge(g, i), b = cellEdge(g, i + 1);
      ctx.fillStyle = kindStripColors[kinds[i]] ?? '#cbd5e1';
      ctx.fillRect(a, stripAt, b - a, g.strip);
      ctx.fillRect(stripAt, a, g.strip, b - a);
    }
    ctx.strokeStyle = '#cbd5e1';
    ctx.lineWidth = 1;
    ctx.strokeRect(g.origin - 0.5, g.origin - 0.5, cellEdge(g, n) - g.origin + 1, cellEdge(g, n) - g.origin + 1);
    if (g.labelBand > 0) {
      ctx.fillStyle = '#1b1f2a';
      ctx.font = '12px ui-monospace, "DejaVu Sans Mono", monospace';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'center';
      for (let i = 0; i < n; i++) {
        const mid = (cellEdge(g, i) + cellEdge(g, i + 1)) / 2;
        const text = kinds[i] === 'register' ? 'R' : shortTokenLabel(labels[i] ?? '');
        ctx.fillText(text, mid, g.labelBand / 2);
        ctx.fillText(text, g.labelBand / 2, mid);
      }
    }
    if (highlightRow !== null && highlightRow >= 0 && highlightRow < n && !inRange) {
      const r0 = cellEdge(g, highlightRow), r1 = cellEdge(g, highlightRow + 1), end = cellEdge(g, n);
      ctx.strokeStyle = '#1b1f2a';
      ctx.lineWidth = 2;
      ctx.strokeRect(g.origin - 1, r0 - 1, end - g.origin + 2, r1 - r0 + 2);
      ctx.fillStyle = '#1b1f2a';
      ctx.fillRect(stripAt - 3, r0, 2, r1 - r0);
    }
    if (inRange) {
      const { row, col } = inRange;
      const r0 = cellEdge(g, row), r1 = cellEdge(g, row + 1), c0 = cellEdge(g, col), c1 = cellEdge(g, col + 1);
      const end = cellEdge(g, n);
      ctx.fillStyle = 'rgba(79, 70, 229, 0.10)';
      ctx.fillRect(g.origin, r0, end - g.origin, r1 - r0);
      ctx.fillRect(c0, g.origin, c1 - c0, end - g.origin);
      ctx.strokeStyle = '#1b1f2a';
      ctx.lineWidth = 2;
      ctx.strokeRect(c0 - 1, r0 - 1, c1 - c0 + 2, r1 - r0 + 2);
      ctx.fillStyle = '#1b1f2a';
      ctx.fillRect(c0, stripAt - 3, c1 - c0, 2);
      ctx.fillRect(stripAt - 3, r0, 2, r1 - r0);
    }
  }, [g, n, kinds, labels, colors, inRange, highlightRow]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const hit = hitCell(g, e.clientX - rect.left, e.clientY - rect.top);
    setCursor((old) => (hit && old && hit.row === old.row && hit.col === old.col ? old : hit));
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const c = inRange ?? { row: 0, col: 0 };
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (e.key === 'Escape') {
      setCursor(null);
      return;
    }
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
    setCursor(inRange ? { row: clamp(c.row + m[0]), col: clamp(c.col + m[1]) } : c);
  };

  return (
    <div className="heatmap" data-testid={testId}>
      <p className="axis-label">Rows: queries (the token looking) · columns: keys (the token looked at)</p>
      <div className="heatmap-box" ref={boxRef}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={ariaLabel}
          tabIndex={0}
          onMouseMove={onMove}
          onMouseLeave={() => setCursor(null)}
          onFocus={() => setCursor((c) => c ?? { row: 0, col: 0 })}
          onKeyDown={onKey}
        />
      </div>
      <p className="info-line heatmap-readout" aria-live="polite">
        {inRange ? describe(inRange.row, inRange.col) : 'Point at a cell, or focus the map and use the arrow keys, to read one query–key pair.'}
      </p>
    </div>
  );
}
