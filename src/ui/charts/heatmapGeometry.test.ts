import { describe, expect, it } from 'vitest';
import { cellEdge, heatmapGeometry, hitCell, LABEL_MIN_CELL, shortTokenLabel } from './heatmapGeometry';

describe('heatmapGeometry', () => {
  it('fits n cells into the width, without labels when cells are small', () => {
    const g = heatmapGeometry(440, 58);
    expect(g.labelBand).toBe(0);
    expect(g.size).toBeLessThanOrEqual(440.0001);
    expect(g.cell).toBeGreaterThan(7);
  });
  it('adds labels once cells can hold 12px text, and caps the cell size', () => {
    const g = heatmapGeometry(440, 20);
    expect(g.labelBand).toBeGreaterThan(0);
    expect(g.cell).toBeGreaterThanOrEqual(LABEL_MIN_CELL);
    expect(heatmapGeometry(2000, 4).cell).toBe(24);
  });
  it('hit-tests back to the cell whose edges contain the point', () => {
    const g = heatmapGeometry(500, 37);
    for (let i = 0; i < 37; i++) {
      const mid = g.origin + (i + 0.5) * g.cell;
      expect(hitCell(g, mid, g.origin + 0.5 * g.cell)).toEqual({ row: 0, col: i });
      expect(hitCell(g, g.origin + 1, mid)).toEqual({ row: i, col: 0 });
    }
    expect(hitCell(g, 1, 1)).toBeNull();
    expect(hitCell(g, g.size + 1, g.origin + 1)).toBeNull();
    expect(cellEdge(g, 37)).toBe(Math.round(g.size));
  });
  it('survives an empty sequence and a zero width', () => {
    expect(heatmapGeometry(0, 0).cell).toBe(0);
  });
});

describe('shortTokenLabel', () => {
  it('abbreviates special tokens and keeps characters', () => {
    expect(shortTokenLabel('⟨bos⟩')).toBe('B');
    expect(shortTokenLabel('⟨eos⟩')).toBe('E');
    expect(shortTokenLabel('⟨pad⟩')).toBe('·');
    expect(shortTokenLabel('⟨r57⟩')).toBe('r');
    expect(shortTokenLabel('a')).toBe('a');
    expect(shortTokenLabel('␣')).toBe('␣');
  });
});
