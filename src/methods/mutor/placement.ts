// Which register slots get a register. A slot is a place a register may sit, numbered 0..nSlots-1 in sequence
// order (slot j = the register before answer[j] in the default 1D layout).
//   all       every slot (the paper's default)
//   everyK    slots 0, k, 2k, ...
//   fraction  exactly round(fraction · nSlots) slots, drawn uniformly without replacement from rng
// Slots whose target falls past the end still count as slots (they get a register with loss weight 0),
// exactly as in the dense layout, so a sparse layout is always a subset of the dense one.
import type { Rng } from '../../util/random';
import type { Placement } from '../knobs';

export interface PlacementSpec {
  placement: Placement;
  placementK: number;
  placementFraction: number;
}

/** [nSlots] true where a register goes. */
export function chooseSlots(nSlots: number, spec: PlacementSpec, rng?: Rng): boolean[] {
  switch (spec.placement) {
    case 'all':
      return new Array<boolean>(nSlots).fill(true);
    case 'everyK':
      return Array.from({ length: nSlots }, (_, j) => j % spec.placementK === 0);
    case 'fraction': {
      if (!rng) throw new Error('placement fraction needs an rng');
      return randomSubset(nSlots, Math.round(spec.placementFraction * nSlots), rng);
    }
  }
}

/** [n] with exactly `count` true entries, uniformly chosen (partial Fisher-Yates). */
function randomSubset(n: number, count: number, rng: Rng): boolean[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const chosen = new Array<boolean>(n).fill(false);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    [order[i], order[j]] = [order[j], order[i]];
    chosen[order[i]] = true;
  }
  return chosen;
}
