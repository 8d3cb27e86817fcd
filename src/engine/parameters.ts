// The parameters and their gradients on the GPU, sliced by the shared layout table (src/model/layout.ts), so every
// tensor binds as its own range (offsets are 256-byte aligned by the layout). Parameters live in one buffer, or with
// LoRA in two: the trained tensors (adapters and the method's) packed as trainableLayout, the frozen base tensors
// apart; gradients and AdamW moments exist for the trained ones only (one buffer each, trainableLayout).
import type { GpuContext } from '../gpu/context';
import { readFloat32 } from '../gpu/readback';
import { adaptedProjections, adapterNames, type Projection } from '../model/lora';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout, TensorSpec } from '../model/layout';
import { blockTensorShapes, copyTensors } from '../model/layout';

/** A LoRA adapter's tensors: A [In, r], B [r, Out]. */
export interface AdapterBindings {
  a: GPUBufferBinding;
  b: GPUBufferBinding;
}

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
  /** LoRA adapters of the projections that have them (trunk blocks of a run with LoRA). */
  adapters: Partial<Record<Projection, AdapterBindings>>;
}

/** A block's gradients: a frozen tensor has none. */
export type BlockGradientBindings = Partial<Omit<BlockTensorBindings, 'adapters'>> & Pick<BlockTensorBindings, 'adapters'>;

interface TensorPart {
  buffer: GPUBuffer;
  layout: ParameterLayout;
}

export class FlatTensors {
  private constructor(readonly parts: readonly TensorPart[], private readonly config: RunModelConfig) {}

  /** One buffer per non-empty layout, labelled as given; parts[0] is the first. */
  static allocate(ctx: GpuContext, parts: [string, ParameterLayout][], config: RunModelConfig): FlatTensors {
    return new FlatTensors(parts.filter(([, l]) => l.totalSize > 0).map(([label, layout]) => ({ buffer: ctx.buffers.create(label, layout.totalSize * 4), layout })), config);
  }

  private find(name: string): { part: TensorPart; t: TensorSpec } | null {
    for (const part of this.parts) {
      const t = part.layout.byName.get(name);
      if (t) return { part, t };
    }
    return null;
  }

  has(name: string): boolean {
    return this.find(name) !== null;
  }

  tensor(name: string): GPUBufferBinding {
    const f = this.find(name);
    if (!f) throw new Error(`no tensor named ${name} in ${this.parts.map((p) => p.buffer.label).join(', ')}`);
    return { buffer: f.part.buffer, offset: f.t.offset * 4, size: f.t.size * 4 };
  }

  /** The tensor, or `absent` when these tensors lack it (a frozen tensor's gradient). */
  tensorOr(name: string, absent: GPUBufferBinding): GPUBufferBinding {
    return this.has(name) ? this.tensor(name) : absent;
  }

  /** From the token table's start to the end of the register rows (one embedding kernel's table argument). */
  embeddingTable(): GPUBufferBinding {
    const tok = this.find('tokenEmbedding');
    if (!tok) throw new Error('no token embedding');
    const reg = this.find('registerEmbedding') ?? tok;
    if (reg.part !== tok.part) throw new Error('the token and register rows are in different buffers: bind them apart');
    return { buffer: tok.part.buffer, offset: tok.t.offset * 4, size: (reg.t.offset + reg.t.size - tok.t.offset) * 4 };
  }

  /** The LM head's name: lmHead [C, V], or tokenEmbedding [V, C] when tied. */
  get lmHeadName(): string {
    return this.config.tieEmbeddings ? 'tokenEmbedding' : 'lmHead';
  }

  lmHead(): GPUBufferBinding {
    return this.tensor(this.lmHeadName);
  }

  /** 'layers.l' or 'heads.h': every tensor (throws on a missing one). */
  block(prefix: string): BlockTensorBindings {
    const out = this.blockGradients(prefix);
    for (const [name] of blockTensorShapes(this.config)) if (!(name in out)) throw new Error(`no tensor named ${prefix}.${name}`);
    return out as BlockTensorBindings;
  }

  /** 'layers.l' or 'heads.h': the tensors these hold (all for parameters, the trained ones for gradients). */
  blockGradients(prefix: string): BlockGradientBindings {
    const out: Record<string, GPUBufferBinding> = {};
    for (const [name] of blockTensorShapes(this.config)) if (this.has(`${prefix}.${name}`)) out[name] = this.tensor(`${prefix}.${name}`);
    const adapters: BlockTensorBindings['adapters'] = {};
    for (const p of this.config.lora ? adaptedProjections(this.config.lora) : []) {
      const n = adapterNames(`${prefix}.${p}`);
      if (this.has(n.a)) adapters[p] = { a: this.tensor(n.a), b: this.tensor(n.b) };
    }
    return { ...out, adapters };
  }

  /** Uploads the tensors of `flat` (laid out as `layout`) that these hold. */
  write(ctx: GpuContext, layout: ParameterLayout, flat: Float32Array): void {
    for (const part of this.parts) {
      if (part.layout === layout) {
        ctx.buffers.write(part.buffer, Float32Array.from(flat));
        continue;
      }
      const packed = new Float32Array(part.layout.totalSize);
      copyTensors(layout, flat, part.layout, packed);
      ctx.buffers.write(part.buffer, packed);
    }
  }

  /** The tensors as one flat array laid out as `layout`; tensors these lack (frozen ones' gradients) are 0. */
  async read(ctx: GpuContext, layout: ParameterLayout): Promise<Float32Array<ArrayBuffer>> {
    if (this.parts.length === 1 && this.parts[0].layout === layout) return readFloat32(ctx, this.parts[0].buffer, 0, layout.totalSize);
    const out = new Float32Array(layout.totalSize);
    for (const part of this.parts) copyTensors(part.layout, await readFloat32(ctx, part.buffer, 0, part.layout.totalSize), layout, out);
    return out;
  }

  destroy(ctx: GpuContext): void {
    for (const part of this.parts) ctx.buffers.destroy(part.buffer);
  }
}

/** Block prefixes in activation order: trunk layers, then the extra heads' blocks. */
export function blockPrefixes(config: RunModelConfig): string[] {
  return [
    ...Array.from({ length: config.nLayers }, (_, l) => `layers.${l}`),
    ...Array.from({ length: outputHeads(config) - 1 }, (_, h) => `heads.${h}`),
  ];
}
