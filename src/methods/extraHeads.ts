// Where a method's extra output heads start when a run begins from a base model (TrainingMethod.initialTensorFrom).
import type { ModelConfig } from '../model/config';

/** An extra head's block tensor ('heads.h.wq') from the base's last trunk block ('layers.L-1.wq'): a pretrained block
 * is a better start for a new head than noise. A tensor the block lacks (an MTP module's input projection) keeps its
 * fresh init. */
export function fromLastTrunkBlock(name: string, base: ModelConfig): string {
  return name.replace(/^heads\.\d+\./, `layers.${base.nLayers - 1}.`);
}
