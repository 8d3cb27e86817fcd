// The experiments of the long browser check (finetune.long.ts): a preset's NTP run at a smaller batch than the
// preset's 32, because SwiftShader takes ~4 s per batch-32 star-graph step on the 2-core development machine.
// EXPERIMENTS.md runs the same links in Node to compare (`npx tsx e2e/browserCheck.ts` prints them).
import { encodeLink, presetById, type ExperimentConfig } from '../src/experiment';

/** Preset id → batch size in the page: arithmetic's sequences are 3× longer, but batch 8 leaves it at ~8%. */
export const browserCheckBatch = { 'star-graph': 8, arithmetic: 16 } as const;

export function browserCheckExperiment(id: keyof typeof browserCheckBatch): ExperimentConfig {
  const c = presetById(id)!.config;
  return { ...c, name: `${c.name}, browser check`, runs: ['ntp'], optimizer: { ...c.optimizer, batchSize: browserCheckBatch[id] } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const id of Object.keys(browserCheckBatch) as (keyof typeof browserCheckBatch)[]) console.log(`${id}: ${encodeLink(browserCheckExperiment(id))}`);
}
