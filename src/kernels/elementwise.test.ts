// Elementwise ops against float64 references: odd and vec4 sizes, buffer ranges, in-place forms, poisoned outputs.
import { describe, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import type { PreparedDispatch } from '../gpu/recorder';
import type { GpuContext } from '../gpu/context';
import { createAdd, createCopy, createFill, createScale } from './elementwise';

const sizes = [1, 3, 4, 255, 256, 1000, 4099, 65536 * 4 + 7];

function run(ctx: GpuContext, dispatches: PreparedDispatch[]): void {
  const rec = new Recorder(ctx);
  for (const d of dispatches) rec.dispatch(d);
  rec.submit();
}

/** A buffer holding `data` at a 256-byte aligned offset after a padding tensor, bound as that range. */
function range(ctx: GpuContext, data: Float32Array<ArrayBuffer> | null, n: number) {
  const buffer = ctx.buffers.create('range', 256 + n * 4);
  poisonBuffer(ctx, buffer);
  if (data) ctx.buffers.write(buffer, data, 256);
  return { buffer, offset: 256, size: n * 4 };
}

async function read(ctx: GpuContext, r: { buffer: GPUBuffer; offset: number; size: number }): Promise<Float32Array> {
  return readFloat32(ctx, r.buffer, r.offset / 4, r.size / 4);
}

describe('elementwise', () => {
  for (const n of sizes) {
    it(`n = ${n}: fill, copy, scale, add, in place`, async () => {
      const ctx = await testContext();
      const a = randomFloats(n), b = randomFloats(n);
      const alpha = Math.random() * 4 - 2, beta = Math.random() * 4 - 2, value = Math.random();
      const [A, B, out] = [range(ctx, a, n), range(ctx, b, n), range(ctx, null, n)];
      try {
        run(ctx, (await createFill(ctx, n, value)).bind(out));
        expectClose(await read(ctx, out), new Float64Array(n).fill(Math.fround(value)), 1e-6, 'fill');
        poisonBuffer(ctx, out.buffer);
        run(ctx, (await createCopy(ctx, n)).bind(A, out));
        expectClose(await read(ctx, out), a, 1e-7, 'copy');
        poisonBuffer(ctx, out.buffer);
        run(ctx, (await createAdd(ctx, n, alpha, beta)).bind(A, B, out));
        expectClose(await read(ctx, out), Float64Array.from(a, (x, i) => Math.fround(alpha) * x + Math.fround(beta) * b[i]), 1e-6, 'axpby');
        run(ctx, (await createAdd(ctx, n)).bind(A, B, A)); // a += b
        expectClose(await read(ctx, A), Float64Array.from(a, (x, i) => x + b[i]), 1e-6, 'add in place');
        run(ctx, (await createScale(ctx, n, alpha)).bind(A, A)); // a *= alpha
        expectClose(await read(ctx, A), Float64Array.from(a, (x, i) => (x + b[i]) * Math.fround(alpha)), 1e-6, 'scale in place');
      } finally {
        for (const r of [A, B, out]) ctx.buffers.destroy(r.buffer);
      }
    });
  }
});
