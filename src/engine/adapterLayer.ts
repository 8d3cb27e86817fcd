// A LoRA adapter beside one projection on the GPU, as a forward/backward pair (same math as
// src/reference/linear.ts adapterForward / adapterBackward; src/model/lora.ts):
//   forward   u[N, r] = x[N, In]·A;  u *= s;  y[N, Out] += u·B
//   backward  u as in the forward;  dB += uᵀ·dy;  du[N, r] = dy·Bᵀ;  du *= s;  dA += xᵀ·du;  dx[N, In] += du·Aᵀ
// A [In, r], B [r, Out]; s = alpha / r (the kernels' scale). u is recomputed in the backward rather than kept (one
// [N, r] matmul, r << In) so every adapter shares one u and one du scratch: kept, they would add 2·L·N·r floats of
// activations per adapted projection, at nano's scale more than LoRA saves on gradients and moments.
import type { PreparedDispatch } from '../gpu/recorder';
import type { BlockKernels, TokenKernels } from './kernels';
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

/** u[N, r] = s·(x·A). */
async function adapterDown(k: TokenKernels, s: AdapterShape, w: AdapterBindings, x: GPUBufferBinding, u: GPUBufferBinding): Promise<PreparedDispatch[]> {
  const down = await k.matmul({ M: s.N, N: s.r, K: s.In });
  return [...down.bind(x, w.a, u), ...scaleOf(k).bind(u, u)];
}

/** y += s·(x·A)·B; u [N, r] is scratch. */
export async function adapterForward(k: TokenKernels, s: AdapterShape, w: AdapterBindings, x: GPUBufferBinding, u: GPUBufferBinding, y: GPUBufferBinding): Promise<PreparedDispatch[]> {
  const [down, upAdd] = await Promise.all([adapterDown(k, s, w, x, u), k.matmul({ M: s.N, N: s.Out, K: s.r, accumulate: true })]);
  return [...down, ...upAdd.bind(u, w.b, y)];
}

/** From dy: the adapter's gradients g += and dx += its input gradient; u and du [N, r] are scratch. */
export async function adapterBackward(
  k: BlockKernels, s: AdapterShape, w: AdapterBindings, g: AdapterBindings, x: GPUBufferBinding, u: GPUBufferBinding,
  dy: GPUBufferBinding, du: GPUBufferBinding, dx: GPUBufferBinding,
): Promise<PreparedDispatch[]> {
  const { N, In, Out, r } = s;
  const [down, dB, dU, dA, dX] = await Promise.all([
    adapterDown(k, s, w, x, u),
    k.matmul({ M: r, N: Out, K: N, transA: true, accumulate: true }), // dB[r, Out] += uᵀ·dy
    k.matmul({ M: N, N: r, K: Out, transB: true }), // du[N, r] = dy·Bᵀ
    k.matmul({ M: In, N: r, K: N, transA: true, accumulate: true }), // dA[In, r] += xᵀ·du
    k.matmul({ M: N, N: In, K: r, transB: true, accumulate: true }), // dx[N, In] += du·Aᵀ
  ]);
  return [...down, ...dB.bind(u, dy, g.b), ...dU.bind(dy, w.b, du), ...scaleOf(k).bind(du, du), ...dA.bind(x, du, g.a), ...dX.bind(du, w.a, dx)];
}
