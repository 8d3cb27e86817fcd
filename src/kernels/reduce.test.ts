// Row and total reductions against float64 sums: odd widths, one and several passes, a buffer range input.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { createRowReduce, createTotalReduce, type ReduceOp, type ReduceShape } from './reduce';

function reference(x: Float32Array, { rows, cols, op }: ReduceShape): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    for (let n = 0; n < cols; n++) {
      const v = x[r * cols + n];
      acc += op === 'sum' ? v : v * v;
    }
    out[r] = acc;
  }
  return out;
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
    expectClose(await readFloat32(ctx, out, 0, shape.rows), reference(x, shape), 1e-5, `reduce ${JSON.stringify(shape)}`);
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
