// The base architecture of a model: what ONNX holds. Register embeddings and Multi-Token extra heads are training
// devices (src/model/layout.ts isBaseTensor), so an exported model is the plain next-token model underneath.
import type { ModelConfig } from '../model/config';

export function baseConfig(config: ModelConfig): ModelConfig {
  return { ...config, nRegisterEmbeddings: 0, nExtraHeads: 0 };
}
