// The input of DeepSeek-V3's MTP head k on the GPU, as a forward/backward pair (same math as
// src/reference/mtpInput.ts):
//   e  = Emb(ids_k)                      ids_k: the batch shifted k tokens (batchBuffers.ts, model/lookahead.ts)
//   x' = rms(h; hiddenNorm)·wHidden + rms(e; embNorm)·wEmb          [N, C]; wHidden, wEmb [C, C]
// h [N, C]: the trunk's last hidden state for k = 1, head k-1's block output otherwise.
import type { PreparedDispatch } from '../gpu/recorder';
import type { MtpInputActivations } from './activations';
import type { ShiftedSlices } from './batchBuffers';
import type { BlockShape } from './blockLayer';
import type { EngineKernels } from './kernels';
import type { FlatTensors } from './parameters';

/** x' (a.x) from h; `prefix` names the head's tensors ('heads.k-1'). */
export async function mtpInputForward(
  k: EngineKernels, s: BlockShape, params: FlatTensors, prefix: string, hidden: GPUBufferBinding, a: MtpInputActivations, view: ShiftedSlices,
): Promise<PreparedDispatch[]> {
  const { N, C } = s;
  const [proj, projAdd] = await Promise.all([k.matmul({ M: N, N: C, K: C }), k.matmul({ M: N, N: C, K: C, accumulate: true })]);
  const w = (name: string) => params.tensor(`${prefix}.${name}`);
  return [
    ...k.embed.forward(view.ids.binding, params, a.e.binding),
    ...k.rmsnorm.bindForward(hidden, w('hiddenNorm'), a.hn.binding, a.hrinv.binding),
    ...k.rmsnorm.bindForward(a.e.binding, w('embNorm'), a.en.binding, a.erinv.binding),
    ...proj.bind(a.hn.binding, w('wHidden'), a.x.binding),
    ...projAdd.bind(a.en.binding, w('wEmb'), a.x.binding),
  ];
}

/**
 * From dx'[N, C]: dh written to dHidden (added to it when `accumulate`), the gradients of the head's input tensors
 * and of the embedding rows it read added to `grads`. dxn and demb [N, C] are scratch.
 */
export async function mtpInputBackward(
  k: EngineKernels, s: BlockShape, params: FlatTensors, grads: FlatTensors, prefix: string, hidden: GPUBufferBinding,
  a: MtpInputActivations, view: ShiftedSlices, dx: GPUBufferBinding, scratch: { dxn: GPUBufferBinding; demb: GPUBufferBinding },
  dHidden: GPUBufferBinding, accumulate: boolean,
): Promise<PreparedDispatch[]> {
  const { N, C } = s;
  const [dIn, dW] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, transB: true }), // [N, C] = dx'·Wᵀ
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true }), // dW[C, C] += Xᵀ·dx'
  ]);
  const w = (name: string) => params.tensor(`${prefix}.${name}`), g = (name: string) => grads.tensor(`${prefix}.${name}`);
  return [
    ...dW.bind(a.hn.binding, dx, g('wHidden')),
    ...dW.bind(a.en.binding, dx, g('wEmb')),
    ...dIn.bind(dx, w('wEmb'), scratch.dxn),
    ...k.rmsnorm.bindBackward(scratch.dxn, a.e.binding, w('embNorm'), a.erinv.binding, scratch.demb, g('embNorm'), false),
    ...k.embed.backward(scratch.demb, view.rowStart.binding, view.tokenList.binding, grads),
    ...dIn.bind(dx, w('wHidden'), scratch.dxn),
    ...k.rmsnorm.bindBackward(scratch.dxn, hidden, w('hiddenNorm'), a.hrinv.binding, dHidden, g('hiddenNorm'), accumulate),
  ];
}
