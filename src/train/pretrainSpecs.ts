// The base models we pretrain and ship (public/models/<id>.onnx with a model card <id>.json).
import { defaultModelConfig, type ModelConfig } from '../model/config';
import { VOCAB_SIZE } from '../tasks/tokenizer';

export interface PretrainSpec {
  id: 'nano' | 'small';
  config: ModelConfig;
  /** Default budget, sized so the run finishes on a 2-core CPU with software WebGPU. */
  steps: number;
  B: number;
  T: number;
  lr: number;
  warmupSteps: number;
}

export const pretrainSpecs: Record<PretrainSpec['id'], PretrainSpec> = {
  nano: {
    id: 'nano',
    config: { ...defaultModelConfig, vocabSize: VOCAB_SIZE, dModel: 64, nLayers: 4, nHeads: 4, dFF: 172, maxLen: 160 },
    steps: 1500,
    B: 32,
    T: 64,
    lr: 3e-3,
    warmupSteps: 100,
  },
  small: {
    id: 'small',
    config: { ...defaultModelConfig, vocabSize: VOCAB_SIZE, dModel: 192, nLayers: 6, nHeads: 6, dFF: 512, maxLen: 160 },
    steps: 400,
    B: 16,
    T: 64,
    lr: 1e-3,
    warmupSteps: 40,
  },
};
