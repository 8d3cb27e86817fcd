// The attention mask of one sequence as lists, for display and tests (the engine never builds it: it evaluates
// canAttend from kinds inside the kernel).
import { canAttend, type Batch } from '../model/batch';

/** [T] for each query index of sequence b, the key indices it may attend to (empty for pads). */
export function maskLists(batch: Batch, b: number): number[][] {
  if (!(Number.isInteger(b) && b >= 0 && b < batch.B)) throw new Error(`mask: sequence ${b} is not in 0..${batch.B - 1}`);
  return kindsMaskLists(batch.kinds.subarray(b * batch.T, (b + 1) * batch.T));
}

/** The same for one unpadded sequence's kinds. */
export function kindsMaskLists(kinds: ArrayLike<number>): number[][] {
  const L = kinds.length, lists: number[][] = [];
  for (let q = 0; q < L; q++) {
    const keys: number[] = [];
    for (let k = 0; k < L; k++) if (canAttend(kinds, 0, q, k)) keys.push(k);
    lists.push(keys);
  }
  return lists;
}
