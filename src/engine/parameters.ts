// The parameters and their gradients: one GPU buffer each, sliced by the shared layout table (src/model/layout.ts),
// so every tensor binds as its own range (offsets are 256-byte aligned by the layout).
import type { GpuContext } from '../gpu/context';
import type { ModelConfig } from '../model/config';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout } from '../model/layout';
import { blockTensorShapes, tensorOf } from '../model/layout';

/** One transformer block's tensors as buffer ranges. Shapes as in blockTensorShapes: C = dModel, F = dFF. */
export interface BlockTensorBindings {
  attnNorm: GPUBufferBinding; // [C]
  wq: GPUBufferBinding; // [C, C]
  wk: GPUBufferBinding; // [C, C]
  wv: GPUBufferBinding; // [C, C]
  wo: GPUBufferBinding; // [C, C]
  mlpNorm: GPUBufferBinding; // [C]
  wGate: GPUBufferBinding; // [C, F]
  wUp: GPUBufferBinding; // [C, F]
  wDown: GPUBufferBinding; // [F, C]
}

export class FlatTensors {
  constructor(readonly buffer: GPUBuffer, private readonly layout: ParameterLayout, private readonly config: ModelConfig) {}

  static allocate(ctx: GpuContext, label: string, layout: ParameterLayout, config: ModelConfig): FlatTensors {
    return new FlatTensors(ctx.buffers.create(label, layout.totalSize * 4), layout, config);
  }

  tensor(name: string): GPUBufferBinding {
    const t = tensorOf(this.layout, name);
    return { buffer: this.buffer, offset: t.offset * 4, size: t.size * 4 };
  }

  /** From the token table's start to the end of the register rows (the embedding kernels' table argument). */
  embeddingTable(): GPUBufferBinding {
    const tok = tensorOf(this.layout, 'tokenEmbedding');
    const last = this.layout.byName.get('registerEmbedding') ?? tok;
    return { buffer: this.buffer, offset: tok.offset * 4, size: (last.offset + last.size - tok.offset) * 4 };
  }

  /** The LM head's matrix: lmHead [C, V], or tokenEmbedding [V, C] when tied. */
  lmHead(): GPUBufferBinding {
    return this.tensor(this.config.tieEmbeddings ? 'tokenEmbedding' : 'lmHead');
  }

  /** 'layers.l' or 'heads.h'. */
  block(prefix: string): BlockTensorBindings {
    const out: Record<string, GPUBufferBinding> = {};
    for (const [name] of blockTensorShapes(this.config)) out[name] = this.tensor(`${prefix}.${name}`);
    return out as unknown as BlockTensorBindings;
  }
}

/** Block prefixes in activation order: trunk layers, then the extra heads' blocks. */
export function blockPrefixes(config: RunModelConfig): string[] {
  return [
    ...Array.from({ length: config.nLayers }, (_, l) => `layers.${l}`),
    ...Array.from({ length: outputHeads(config) - 1 }, (_, h) => `heads.${h}`),
  ];
}
