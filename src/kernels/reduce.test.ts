// Row and total reductions against float64 sums: odd widths, one and several passes, a buffer range input.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { createRowReduce, createTotalReduce, type ReduceOp, type ReduceShape } from './reduce';

/** Per row: the float64 result and Σ|f(x)|, the scale an f32 sum's rounding error is proportional to (a sum of
 * random signs cancels to far less than its terms, so its error is measured against the terms). */
function reference(x: Float32Array, { rows, cols, op }: ReduceShape): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(rows), scale = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let n = 0; n < cols; n++) {
      const v = x[r * cols + n], f = op === 'sum' ? v : v * v;
      want[r] += f;
      scale[r] += Math.abs(f);
    }
  }
  return { want, scale };
}

function expectRowsClose(got: Float32Array, { want, scale }: ReturnType<typeof reference>, what: string): void {
  for (let r = 0; r < want.length; r++) {
    const err = Math.abs(got[r] - want[r]) / Math.max(scale[r], 1e-30);
    if (!(err < 1e-5)) throw new Error(`${what}: row ${r} got ${got[r]}, want ${want[r]} (error ${err.toExponential(2)} of Σ|terms|)`);
  }
}

const ctx = await testContext();

/** Runs one kernel on fresh inputs, checks it, and returns how many passes it dispatched. */
async function check(shape: ReduceShape, make = () => createRowReduce(ctx, shape)): Promise<number> {
  const kernel = await make();
  const x = randomFloats(shape.rows * shape.cols);
  // x sits after a 256-byte pad, bound as a range; out is poisoned.
  const xBuf = ctx.buffers.create('x', 256 + x.byteLength);
  ctx.buffers.write(xBuf, x, 256);
  const out = ctx.buffers.create('out', shape.rows * 4);
  poisonBuffer(ctx, out);
  try {
    const dispatches = kernel.bind({ buffer: xBuf, offset: 256, size: x.byteLength }, out);
    const rec = new Recorder(ctx);
    for (const d of dispatches) rec.dispatch(d);
    rec.submit();
    expectRowsClose(await readFloat32(ctx, out, 0, shape.rows), reference(x, shape), `reduce ${JSON.stringify(shape)}`);
    return dispatches.length;
  } finally {
    ctx.buffers.destroy(xBuf);
    ctx.buffers.destroy(out);
  }
}

const ops: ReduceOp[] = ['sum', 'sumSquares'];

describe('reduce', () => {
  for (const op of ops) {
    it(`${op}: rows of odd and aligned widths`, async () => {
      for (const [rows, cols] of [[1, 1], [3, 7], [2048, 64], [37, 1025], [5, 4099], [1, 3000]]) await check({ rows, cols, op });
    });
    it(`${op}: a flat buffer's total in several passes`, async () => {
      expect(await check({ rows: 1, cols: 1024, op })).toBe(1);
      expect(await check({ rows: 1, cols: 200_003, op }, () => createTotalReduce(ctx, 200_003, op))).toBe(2);
      expect(await check({ rows: 1, cols: 1024 * 1024 + 5, op })).toBe(3);
    });
  }
});
