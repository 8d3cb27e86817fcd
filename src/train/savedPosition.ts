// A checkpoint's run position across versions. Checkpoints written before the method tensors left ModelConfig
// (src/model/methodTensors.ts) hold the model's register rows and extra heads as the config fields
// nRegisterEmbeddings and nExtraHeads; their parameters are laid out exactly as now, so only the header changes.
import type { RunModelConfig } from '../model/methodTensors';
import type { RunPosition } from './run';

type SavedModelConfig = RunModelConfig & { nRegisterEmbeddings?: number; nExtraHeads?: number };

/** The position as this version writes it: the base config, and the method tensors beside it. */
export function currentPosition<H extends RunPosition>(saved: H): H {
  const { nRegisterEmbeddings, nExtraHeads, ...config } = saved.config as SavedModelConfig;
  if (nRegisterEmbeddings === undefined && nExtraHeads === undefined) return saved;
  return { ...saved, config: { ...config, methodTensors: { registerRows: nRegisterEmbeddings ?? 0, outputHeads: 1 + (nExtraHeads ?? 0) } } };
}
