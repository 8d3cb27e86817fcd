// Which producers a bench run uses: `--only` groups (all when none), with the scaling rows at the sizes named
// (all four when none). Shared by `mutor bench` and the page's Worker, so both name things alike and refuse alike.
import type { GpuContext } from '../gpu/context';
import { benchProducers } from './registry';
import { runBenches } from './run';
import { scalingBench, scalingSizes } from './scaling';
import type { BenchProducer, BenchRow } from './row';

export interface BenchChoice {
  only?: string[];
  sizes?: string[];
}

/** The producers a choice names; throws one line naming what is unknown. */
export function chooseProducers({ only, sizes }: BenchChoice): BenchProducer[] {
  for (const g of only ?? []) {
    if (!benchProducers.some((p) => p.group === g)) throw new Error(`no benchmark group '${g}' (groups: ${benchProducers.map((p) => p.group).join(', ')})`);
  }
  for (const z of sizes ?? []) {
    if (!scalingSizes.some((s) => s.label === z)) throw new Error(`no scaling size '${z}' (sizes: ${scalingSizes.map((s) => s.label).join(', ')})`);
  }
  const chosen = only?.length ? benchProducers.filter((p) => only.includes(p.group)) : benchProducers;
  return chosen.map((p) => (p.group === 'scaling' && sizes?.length ? scalingBench(scalingSizes.filter((s) => sizes.includes(s.label))) : p));
}

export function benchRows(ctx: GpuContext, choice: BenchChoice, host: BenchRow['host']): Promise<BenchRow[]> {
  return runBenches(ctx, chooseProducers(choice), host);
}
