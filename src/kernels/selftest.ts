// The built-in kernel self-test the page runs on load: every matmul variant this adapter can run, at its default
// width, against a float64 CPU product on fresh random inputs, at shapes that are not multiples of any tile, with the
// output poisoned first. Same code in Node. It checks correctness only, so it never starts the autotune: the autotune's
// screen times every variant on a large shape, minutes of a software adapter's CPU on page load.
import type { GpuContext } from '../gpu/context';
import { defaultConfig } from './matmulProgram';
import { createMatmul } from './matmul';
import { kernelSelection, type MatmulVariant } from './select';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { POISON_BITS } from '../gpu/poison';
import { compare } from '../gpu/compare';

export interface SelfTestCase {
  variant: MatmulVariant;
  shape: string;
  maxRel: number;
  pass: boolean;
  ms: number;
}

export interface SelfTestReport {
  pass: boolean;
  cases: SelfTestCase[];
  totalMs: number;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [17, 31, 9],
  [64, 64, 64],
  [129, 257, 65],
];
const TOLERANCE = 1e-5;

function cpuMatmul(a: Float32Array, b: Float32Array, M: number, N: number, K: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k];
      for (let j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
    }
  return c;
}

function random(n: number): Float32Array<ArrayBuffer> {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

export async function runMatmulSelfTest(ctx: GpuContext): Promise<SelfTestReport> {
  const cases: SelfTestCase[] = [];
  const t0 = performance.now();
  const { available } = await kernelSelection(ctx);
  for (const variant of available) for (const [M, N, K] of SHAPES) {
    const a = random(M * K), b = random(K * N);
    const bufA = ctx.buffers.upload('selftest.a', a);
    const bufB = ctx.buffers.upload('selftest.b', b);
    const bufC = ctx.buffers.upload('selftest.c', new Uint32Array(M * N).fill(POISON_BITS));
    try {
      const kernel = await createMatmul(ctx, { M, N, K }, { config: defaultConfig(variant, { M, N, K }) });
      const start = performance.now();
      const rec = new Recorder(ctx, 'selftest');
      for (const d of kernel.bind(bufA, bufB, bufC)) rec.dispatch(d);
      rec.submit();
      const got = await readFloat32(ctx, bufC, 0, M * N);
      const ms = performance.now() - start;
      const want = cpuMatmul(a, b, M, N, K);
      const { maxRel } = compare(got, want); // a non-finite value makes maxRel Infinity: never a pass
      cases.push({ variant, shape: `${M}×${K}·${K}×${N}`, maxRel, pass: maxRel < TOLERANCE, ms });
    } finally {
      ctx.buffers.destroy(bufA);
      ctx.buffers.destroy(bufB);
      ctx.buffers.destroy(bufC);
    }
  }
  return { pass: cases.every((c) => c.pass), cases, totalMs: performance.now() - t0 };
}
