// A LoRA adapter beside one projection on the GPU, as a forward/backward pair (same math as
// src/reference/linear.ts adapterForward / adapterBackward; src/model/lora.ts):
//   forward   u[N, r] = x[N, In]·A;  u *= s;  y[N, Out] += u·B
//   backward  dB += uᵀ·dy;  du[N, r] = dy·Bᵀ;  du *= s;  dA += xᵀ·du;  dx[N, In] += du·Aᵀ
// A [In, r], B [r, Out]; s = alpha / r (the kernels' scale). u is saved by the forward for dB.
import type { PreparedDispatch } from '../gpu/recorder';
import type { EngineKernels, TokenKernels } from './kernels';
import type { AdapterBindings } from './parameters';

/** N tokens through a projection [In, Out] whose adapter has rank r. */
export interface AdapterShape {
  N: number;
  In: number;
  Out: number;
  r: number;
}

function scaleOf(k: TokenKernels) {
  if (!k.adapterScale) throw new Error('adapter layer: the kernels were made without LoRA');
  return k.adapterScale;
}

/** y += s·(x·A)·B; u = s·(x·A) saved. */
export async function adapterForward(k: TokenKernels, s: AdapterShape, w: AdapterBindings, x: GPUBufferBinding, u: GPUBufferBinding, y: GPUBufferBinding): Promise<PreparedDispatch[]> {
  const { N, In, Out, r } = s;
  const [down, upAdd] = await Promise.all([k.matmul({ M: N, N: r, K: In }), k.matmul({ M: N, N: Out, K: r, accumulate: true })]);
  return [...down.bind(x, w.a, u), ...scaleOf(k).bind(u, u), ...upAdd.bind(u, w.b, y)];
}

/** From dy: the adapter's gradients g += and dx += its input gradient; du [N, r] is scratch. */
export async function adapterBackward(
  k: EngineKernels, s: AdapterShape, w: AdapterBindings, g: AdapterBindings, x: GPUBufferBinding, u: GPUBufferBinding,
  dy: GPUBufferBinding, du: GPUBufferBinding, dx: GPUBufferBinding,
): Promise<PreparedDispatch[]> {
  const { N, In, Out, r } = s;
  const [dB, dU, dA, dX] = await Promise.all([
    k.matmul({ M: r, N: Out, K: N, transA: true, accumulate: true }), // dB[r, Out] += uᵀ·dy
    k.matmul({ M: N, N: r, K: Out, transB: true }), // du[N, r] = dy·Bᵀ
    k.matmul({ M: In, N: r, K: N, transA: true, accumulate: true }), // dA[In, r] += xᵀ·du
    k.matmul({ M: N, N: In, K: r, transB: true, accumulate: true }), // dx[N, In] += du·Aᵀ
  ]);
  return [...dB.bind(u, dy, g.b), ...dU.bind(dy, w.b, du), ...scaleOf(k).bind(du, du), ...dA.bind(x, du, g.a), ...dX.bind(du, w.a, dx)];
}
