// Worked examples of the 2D layout on a 3×3 grid with prefix [BOS, class] (Q = 2):
//   grid tokens 30..38 in raster order, cell (r, c) = token 30 + 3r + c = regular token 2 + 3r + c.
import { describe, expect, it } from 'vitest';
import { TokenKind } from '../../model/batch';
import { createRng } from '../../util/random';
import { methodConfig } from '../registry';
import { drawOffset2D, layoutGrid2D } from './grid2d';

const V = 64;
const image = { prompt: [1, 5], answer: Array.from({ length: 9 }, (_, k) => 30 + k) };
const grid = { h: 3, w: 3, D: 2 };
const rng = () => createRng(1);
const registerRows = (l: ReturnType<typeof layoutGrid2D>) =>
  l.registers.map((r) => [l.positions[r.index], l.heads[0].targets[r.index], l.heads[0].weights[r.index]]);

describe('layoutGrid2D', () => {
  it('(dh, dw) = (2, 1): each register predicts the cell below, at the position of the token before it in raster order', () => {
    const l = layoutGrid2D(image, grid, V, rng(), { offset: [2, 1] });
    expect(l.d).toBe(3);
    expect(l.registers).toHaveLength(9); // one before every grid token
    expect(registerRows(l)).toEqual([
      [[2, 2], -1, 0], // after the prefix: virtual source (0,-1) -> (1,-1), outside
      [[0, 2], 33, 1], // after (0,0) -> (1,0)
      [[1, 0], 34, 1],
      [[1, 1], 35, 1],
      [[1, 2], 36, 1], // after (1,0) -> (2,0)
      [[2, 0], 37, 1],
      [[2, 1], 38, 1],
      [[2, 2], -1, 0], // after (2,0) -> (3,0), outside
      [[2, 2], -1, 0],
    ]);
    // Regular tokens: the prefix at (0,0), the grid at its cells; the last prefix token predicts cell (0,0).
    const regular = l.kinds.flatMap((k, i) => (k === TokenKind.register ? [] : [i]));
    expect(regular.map((i) => l.positions[i])).toEqual([[0, 0], [0, 0], [0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2]]);
    expect(regular.map((i) => l.heads[0].targets[i])).toEqual([-1, 30, 31, 32, 33, 34, 35, 36, 37, 38, -1]);
    expect(l.inputIds.filter((_, i) => l.kinds[i] === TokenKind.register).every((id) => id === V)).toBe(true);
  });

  it('(dh, dw) = (1, 2): the next cell in the same row, never wrapping to the next row', () => {
    const l = layoutGrid2D(image, grid, V, rng(), { offset: [1, 2] });
    expect(l.d).toBe(1);
    expect(registerRows(l)).toEqual([
      [[0, 0], 30, 1], // after the prefix -> (0,0), positioned at the last prefix token
      [[0, 0], 31, 1],
      [[0, 1], 32, 1],
      [[2, 2], -1, 0], // after (0,2): (0,3) is outside even though raster +1 is (1,0)
      [[1, 0], 34, 1],
      [[1, 1], 35, 1],
      [[2, 2], -1, 0],
      [[2, 0], 37, 1],
      [[2, 1], 38, 1],
    ]);
  });

  it('(dh, dw) = (2, 2): the diagonal neighbour, raster offset w + 1', () => {
    const l = layoutGrid2D(image, grid, V, rng(), { offset: [2, 2] });
    expect(l.d).toBe(4);
    const first = l.registers[1]; // after (0,0) -> (1,1)
    expect([l.inputIds[first.target], l.positions[first.index]]).toEqual([34, [1, 0]]);
  });

  it('draws offsets uniformly from {1..D}² minus (1,1) and places a seeded fraction', () => {
    const r = createRng(3), seen = new Set<string>();
    for (let i = 0; i < 400; i++) seen.add(drawOffset2D(3, r).join(','));
    expect([...seen].sort()).toEqual(['1,2', '1,3', '2,1', '2,2', '2,3', '3,1', '3,2', '3,3']);
    const placement = methodConfig('mutor', { placement: 'fraction', placementFraction: 1 / 3 });
    const l = layoutGrid2D(image, grid, V, createRng(5), { placement });
    expect(l.registers).toHaveLength(3);
    expect(layoutGrid2D(image, grid, V, createRng(5), { placement })).toEqual(l);
  });

  it('rejects a grid of the wrong size and the offset (1,1)', () => {
    expect(() => layoutGrid2D({ prompt: [1], answer: [30, 31] }, grid, V, rng())).toThrow(/3×3/);
    expect(() => layoutGrid2D(image, grid, V, rng(), { offset: [1, 1] })).toThrow(/minus/);
  });
});
