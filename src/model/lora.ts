// LoRA (Hu et al. 2021, as HuggingFace PEFT implements it): rank-r adapters beside the frozen projections of the
// base model's trunk blocks, orthogonal to the training method (a run of any method may have them).
//   y = x·W + s·(x·A)·B        W [in, out] frozen; A [in, r], B [r, out] trained; s = alpha / r
// Init (PEFT's default, the reference implementation's): B = 0, so the adapted model starts as the base model exactly;
// A ~ U(-1/sqrt(in), 1/sqrt(in)) (torch's kaiming_uniform_ with a = sqrt(5) on a [r, in] Linear weight).
// Adapted: the attention projections wq, wk, wv, wo, and with `mlp` the SwiGLU's wGate, wUp, wDown. The method's own
// tensors (register rows, extra heads, MTP modules) stay fully trained, as PEFT's modules_to_save; every other base
// tensor (embeddings, norms, the LM head) is frozen: it has no gradient and no AdamW moments.
// Tensors 'layers.l.<projection>.loraA' / '.loraB' come after every other tensor of the layout (layout.ts), so a
// model without adapters keeps its layout exactly; ONNX export merges them: W + s·A·B (mergeAdapters).

export interface LoraConfig {
  /** r: rank of every adapter. */
  rank: number;
  /** The adapters' output is scaled by alpha / r. */
  alpha: number;
  /** Adapt the MLP's projections too (the attention projections always). */
  mlp: boolean;
}

export const ATTENTION_PROJECTIONS = ['wq', 'wk', 'wv', 'wo'] as const;
export const MLP_PROJECTIONS = ['wGate', 'wUp', 'wDown'] as const;
export type Projection = (typeof ATTENTION_PROJECTIONS)[number] | (typeof MLP_PROJECTIONS)[number];

/** Largest rank a link may ask for (far above d_model of any shipped model). */
export const MAX_LORA_RANK = 256;

/** The projections that carry an adapter, in layout order. */
export function adaptedProjections(l: LoraConfig): Projection[] {
  return l.mlp ? [...ATTENTION_PROJECTIONS, ...MLP_PROJECTIONS] : [...ATTENTION_PROJECTIONS];
}

/** s = alpha / r. */
export function loraScale(l: LoraConfig): number {
  return l.alpha / l.rank;
}

/** Names of the adapter's two tensors for the projection tensor `weight` (e.g. 'layers.0.wq'). */
export function adapterNames(weight: string): { a: string; b: string } {
  return { a: `${weight}.loraA`, b: `${weight}.loraB` };
}

const ADAPTER = /\.lora[AB]$/;

/** True for an adapter's A or B tensor. */
export function isAdapterTensor(name: string): boolean {
  return ADAPTER.test(name);
}

/** A's init bound 1/sqrt(in) for a projection with `inFeatures` inputs (PEFT: kaiming_uniform_, a = sqrt(5)). */
export function adapterInitBound(inFeatures: number): number {
  return 1 / Math.sqrt(inFeatures);
}

/** Throws a readable error for adapters the engine cannot run. */
export function validateLora(l: LoraConfig): void {
  if (!Number.isInteger(l.rank) || l.rank < 1 || l.rank > MAX_LORA_RANK) throw new Error(`LoRA: rank must be an integer in 1..${MAX_LORA_RANK}, got ${l.rank}`);
  if (!(Number.isFinite(l.alpha) && l.alpha > 0)) throw new Error(`LoRA: alpha must be a finite number > 0, got ${l.alpha}`);
  if (typeof l.mlp !== 'boolean') throw new Error(`LoRA: mlp must be true or false, got ${String(l.mlp)}`);
}
