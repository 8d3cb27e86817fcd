// LoRA rows: whole training steps of the same model, method and random batches fully fine-tuned and through LoRA
// adapters (rank d_model / 8 on every attention and MLP projection, alpha 2r), at nano's shape (0.2M) and at 1M
// parameters: step time and GPU bytes of each, and LoRA / full as ratios measured in the same run (the absolute
// times depend on the machine's load, the ratios much less).
import type { LoraConfig } from '../model/lora';
import type { MethodKind } from '../methods/registry';
import { scalingSizes } from './scaling';
import { measureCase, trainingCase } from './training';
import type { BenchProducer, ProducedRow } from './row';

const METHODS: MethodKind[] = ['ntp', 'mutor'];

/** Rank d / 8 (8 at nano's 64, as the arithmetic-1k-lora preset), alpha 2r, attention and MLP. */
function adaptersFor(dModel: number): LoraConfig {
  const rank = Math.max(1, Math.round(dModel / 8));
  return { rank, alpha: 2 * rank, mlp: true };
}
const TIMING = { samples: 5, stepsPerSample: 2 };

export const loraBench: BenchProducer = {
  group: 'lora',
  summary: 'full fine-tuning vs LoRA (rank d/8, attention and MLP) at 0.2M and 1M parameters: step time, GPU bytes, LoRA / full',
  async run(ctx) {
    const rows: ProducedRow[] = [];
    for (const z of scalingSizes.slice(0, 2)) {
      for (const method of METHODS) {
        const full = trainingCase(z.label, method, z.config, z.B, z.T);
        const lora = { ...full, config: { ...full.config, lora: adaptersFor(z.config.dModel) } };
        const [f, l] = [await measureCase(ctx, full, TIMING), await measureCase(ctx, lora, TIMING)];
        l.name = `${z.label} ${method} LoRA r${lora.config.lora.rank} step`;
        f.name = `${z.label} ${method} full fine-tuning step`;
        const bytes = (r: ProducedRow) => r.params.gpuBytes as number;
        rows.push(f, l, {
          name: `${z.label} ${method} LoRA / full`, value: l.medianMs / f.medianMs, unit: '× step time', medianMs: l.medianMs, samples: TIMING.samples,
          timing: 'wall-clock', params: { bytesRatio: Number((bytes(l) / bytes(f)).toFixed(3)), bytesSaved: bytes(f) - bytes(l), rank: lora.config.lora.rank },
        });
      }
    }
    return rows;
  },
};
