// The engine tests' comparison with the float64 reference (lora.test.ts, halfWeights.test.ts): one forward and one
// backward of the same batch on the same parameters.
import { expectClose } from '../gpu/testing';
import type { Batch } from '../model/batch';
import { buildLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { referenceBackward, referenceForward } from '../reference/model';
import { expectTensorsClose, withoutFrozen } from '../reference/params';
import type { TrainingEngine } from './trainingEngine';

/** Throws unless the engine's logits and loss are within 1e-4 of the reference on p64, and each tensor's gradient
 * within 1e-3 of its largest (a frozen tensor's gradient reads back as 0). */
export async function expectReferenceGradients(engine: TrainingEngine, config: RunModelConfig, p64: Float64Array, batch: Batch): Promise<void> {
  const layout = buildLayout(config);
  const { logits, loss } = await engine.forward(batch, { logits: true });
  const ref = referenceForward(config, p64, batch);
  expectClose(logits!, ref.logits, 1e-4, 'logits');
  const { loss: refLoss, grads } = referenceBackward(config, p64, batch, ref.cache);
  expectClose([loss.total], [refLoss.total], 1e-4, 'loss');
  await engine.gradients(batch);
  expectTensorsClose(layout, await engine.readGradients(), withoutFrozen(layout, grads), 1e-3, 'gradient');
}
