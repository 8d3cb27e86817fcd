// The experiments of the long browser check (finetune.long.ts): a preset's NTP run at batch 8 instead of 32, because
// SwiftShader takes ~4 s per step of the presets' batch 32 on the 2-core development machine. EXPERIMENTS.md runs the
// same links in Node (`npx tsx e2e/browserCheck.ts` prints them) to compare.
import { encodeLink, presetById, type ExperimentConfig } from '../src/experiment';

export function browserCheckExperiment(id: string): ExperimentConfig {
  const c = presetById(id)!.config;
  return { ...c, name: `${c.name}, browser check`, runs: ['ntp'], optimizer: { ...c.optimizer, batchSize: 8 } };
}

export const browserCheckPresets = ['star-graph', 'arithmetic'] as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const id of browserCheckPresets) console.log(`${id}: ${encodeLink(browserCheckExperiment(id))}`);
}
