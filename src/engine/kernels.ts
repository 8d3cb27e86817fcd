// Every kernel a model of one shape needs, made once per engine: the families of src/kernels/ at this engine's
// sizes, and matmuls by shape (each distinct shape compiles one pipeline; the pipeline cache shares them).
// Shapes: N tokens (B·T in training), C = dModel, F = dFF, V = vocabSize, R = register rows, nh heads, hd head width,
// r LoRA rank.
import type { GpuContext } from '../gpu/context';
import type { RunModelConfig } from '../model/methodTensors';
import { headDim, positionComponents } from '../model/config';
import { loraScale } from '../model/lora';
import type { ParameterLayout } from '../model/layout';
import { trainableLayout } from '../model/layout';
import { createAttention } from '../kernels/attention';
import { createCrossEntropy } from '../kernels/crossEntropy';
import { createAdd, createCopy, createFill, createScale } from '../kernels/elementwise';
import { createSumSlices, createTile } from '../kernels/slices';
import { createEmbeddingLayer } from './embeddingLayer';
import { createMatmul, type MatmulKernel, type MatmulShape } from '../kernels/matmul';
import { describeShape } from '../kernels/matmulShape';
import { createRmsNorm } from '../kernels/rmsnorm';
import { createRope } from '../kernels/rope';
import { createSwiglu } from '../kernels/swiglu';
import { headStacks, largestStack } from './headStacks';

/** The matmul kernel of each shape, made on first use; its dispatches are labelled with the shape (profiles). */
function matmulFactory(ctx: GpuContext): (shape: MatmulShape) => Promise<MatmulKernel> {
  const matmuls = new Map<string, Promise<MatmulKernel>>();
  return (shape) => {
    const key = describeShape(shape);
    let k = matmuls.get(key);
    if (!k) {
      k = createMatmul(ctx, shape).then((m) => ({ ...m, bind: (a, b, c) => m.bind(a, b, c).map((d) => ({ ...d, label: `${d.label} ${key}` })) }));
      matmuls.set(key, k);
    }
    return k;
  };
}

/** What a transformer block's forward and an output head need at N tokens: the row-wise kernels and matmuls. The
 * training engine makes them at N = B·T, the KV-cache decoder at N = B (one new token per sequence). */
export async function createTokenKernels(ctx: GpuContext, config: RunModelConfig, layout: ParameterLayout, N: number) {
  const C = config.dModel, lora = config.lora;
  const [embed, rmsnorm, swiglu, rope, residualCopy, adapterScale] = await Promise.all([
    createEmbeddingLayer(ctx, config, layout, N),
    createRmsNorm(ctx, { N, C, eps: config.normEps }),
    createSwiglu(ctx, N * config.dFF),
    createRope(ctx, { tokens: N, nHeads: config.nHeads, headDim: headDim(config), posComponents: positionComponents(config), theta: config.ropeTheta }),
    createCopy(ctx, N * C), // [N, C] residual stream
    lora ? createScale(ctx, N * lora.rank, loraScale(lora)) : null, // [N, r] an adapter's u and du
  ]);
  return { embed, rmsnorm, swiglu, rope, residualCopy, adapterScale, matmul: matmulFactory(ctx) };
}

export type TokenKernels = Awaited<ReturnType<typeof createTokenKernels>>;

/** What a stack of S > 1 heads (headStacks.ts) runs as one model of S·N rows beside the engine's own kernels: the
 * block's row-wise kernels at S·N rows (norms with one gain per head), attention over S·B sequences, the final norm
 * (one shared gain) and the cross-entropy at S·N rows; `tile` repeats h_L [N, C] S times, `sumSlices` adds the S
 * heads' input gradients into the trunk's. */
async function createStackKernels(ctx: GpuContext, config: RunModelConfig, S: number, B: number, T: number, G: number) {
  const N = B * T, C = config.dModel, rows = S * N;
  const [rmsnorm, finalNorm, swiglu, rope, residualCopy, attention, crossEntropy, tile, sumSlices] = await Promise.all([
    createRmsNorm(ctx, { N: rows, C, eps: config.normEps, slices: S }),
    createRmsNorm(ctx, { N: rows, C, eps: config.normEps }),
    createSwiglu(ctx, rows * config.dFF),
    createRope(ctx, { tokens: rows, nHeads: config.nHeads, headDim: headDim(config), posComponents: positionComponents(config), theta: config.ropeTheta }),
    createCopy(ctx, rows * C),
    createAttention(ctx, { B: S * B, T, nHeads: config.nHeads, headDim: headDim(config) }),
    createCrossEntropy(ctx, { ROWS: rows, V: config.vocabSize, G }),
    createTile(ctx, N * C, S),
    createSumSlices(ctx, N * C, S),
  ]);
  return { rmsnorm, finalNorm, swiglu, rope, residualCopy, attention, crossEntropy, tile, sumSlices };
}

export async function createEngineKernels(ctx: GpuContext, config: RunModelConfig, layout: ParameterLayout, B: number, T: number, G: number) {
  const N = B * T, C = config.dModel, V = config.vocabSize;
  const S = largestStack(headStacks(config, N));
  // The stack's kernels compile side by side with the engine's (a first step waits for every pipeline).
  const [[tokens, crossEntropy, attention, residualAdd, zeroGradients, zeroLossSums], own] = await Promise.all([
    Promise.all([
      createTokenKernels(ctx, config, layout, N),
      createCrossEntropy(ctx, { ROWS: N, V, G }),
      createAttention(ctx, { B, T, nHeads: config.nHeads, headDim: headDim(config) }),
      createAdd(ctx, N * C), // residual adds
      createFill(ctx, trainableLayout(layout).totalSize, 0), // [P] gradients of the trained tensors
      createFill(ctx, 2 * G, 0), // [2G] loss sums
    ]),
    S > 1 ? createStackKernels(ctx, config, S, B, T, G) : null,
  ]);
  const base = { ...tokens, crossEntropy, attention, residualAdd, zeroGradients, zeroLossSums };
  /** The kernels of the stack of S > 1 heads: `block` for its blocks, `output` for its output heads (null: every
   * stack holds one head). */
  const stack = own && {
    S, tile: own.tile, sumSlices: own.sumSlices,
    block: { ...base, rmsnorm: own.rmsnorm, swiglu: own.swiglu, rope: own.rope, residualCopy: own.residualCopy, attention: own.attention, adapterScale: null },
    output: { ...base, rmsnorm: own.finalNorm, crossEntropy: own.crossEntropy },
  };
  return {
    ...base,
    stack,
    /** Frees the kernels' own scratch. */
    destroy(): void {
      attention.destroy();
      own?.attention.destroy();
    },
  };
}

export type EngineKernels = Awaited<ReturnType<typeof createEngineKernels>>;
/** The kernels a block's or an output head's forward and backward use (the engine's, or a head stack's). */
export type BlockKernels = Omit<EngineKernels, 'stack' | 'destroy'>;
