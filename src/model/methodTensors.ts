// The tensors a training method adds beside the base model's in the parameter layout (src/model/layout.ts). The
// method's module declares them (src/methods/<name>/: `tensors`); ModelConfig itself describes the base model only,
// which is what ONNX holds.
//   R  register rows: registerEmbedding [R, C], input ids V..V+R-1 select row id - V (MuToR)
//   H  output heads: head 0 is the base model's next-token head; heads 1..H-1 are one extra transformer block each
//      ('heads.0' .. 'heads.(H-2)'), sharing finalNorm and the unembedding. How an extra block reads its input:
//      'parallel'    each on the trunk's last hidden state h_L (Multi-Token heads)
//      'sequential'  DeepSeek-V3's MTP modules: extra head k (1-based) reads
//                    [rms(h_{k-1}; hiddenNorm), rms(Emb(x_{t+k}); embNorm)] · [wHidden; wEmb]   ([2C] -> [C])
//                    with h_0 = h_L and h_k its block's output, over the batch shifted k tokens (lookahead.ts)
import { validateModelConfig, type ModelConfig } from './config';
import { validateLora, type LoraConfig } from './lora';

export interface MethodTensors {
  /** R: rows of the register embedding (0: no registers). */
  registerRows: number;
  /** H: output heads, the next-token head included (1: the base model's head only). */
  outputHeads: number;
  /** How extra heads read their input (above); 'parallel' when absent. */
  extraHeads?: ExtraHeads;
}

export type ExtraHeads = 'parallel' | 'sequential';

/** A plain next-token model: no register rows, one output head. */
export const NO_METHOD_TENSORS: MethodTensors = { registerRows: 0, outputHeads: 1 };

/** A model as a run trains it: the base model's config, beside it the tensors its method adds (none when absent),
 * and LoRA adapters on the base model's projections when the run fine-tunes through them (src/model/lora.ts). */
export type RunModelConfig = ModelConfig & { methodTensors?: MethodTensors; lora?: LoraConfig };

export function methodTensorsOf(c: RunModelConfig): MethodTensors {
  return c.methodTensors ?? NO_METHOD_TENSORS;
}

/** H: output heads of the model, as its method declared them. */
export function outputHeads(c: RunModelConfig): number {
  return methodTensorsOf(c).outputHeads;
}

/** True when the extra heads are DeepSeek-V3's sequential MTP modules (each reads the one before it). */
export function sequentialHeads(c: RunModelConfig): boolean {
  return methodTensorsOf(c).extraHeads === 'sequential';
}

/** R: register embedding rows of the model, as its method declared them. */
export function registerRows(c: RunModelConfig): number {
  return methodTensorsOf(c).registerRows;
}

/** Throws a readable error for counts the layout cannot hold. */
export function validateMethodTensors(m: MethodTensors): void {
  if (!Number.isInteger(m.registerRows) || m.registerRows < 0) throw new Error(`method tensors: registerRows must be an integer >= 0, got ${m.registerRows}`);
  if (!Number.isInteger(m.outputHeads) || m.outputHeads < 1) throw new Error(`method tensors: outputHeads must be an integer >= 1, got ${m.outputHeads}`);
  if (m.extraHeads !== undefined && m.extraHeads !== 'parallel' && m.extraHeads !== 'sequential') {
    throw new Error(`method tensors: extraHeads must be 'parallel' or 'sequential', got ${String(m.extraHeads)}`);
  }
}

/** validateModelConfig, the method's tensor counts and the adapters when the model has them. */
export function validateRunModelConfig(c: RunModelConfig): void {
  validateModelConfig(c);
  validateMethodTensors(methodTensorsOf(c));
  if (c.lora) validateLora(c.lora);
}
