// `mutor bench [--json] [--only group[,group]]`: GPU benchmarks on this machine's adapter (src/bench/).
//   JSON: an array of BenchRow (src/bench/row.ts), every row with its adapter, host and date.
//   Table: Markdown, as pasted into BENCHMARKS.md.
// On lavapipe, LP_NUM_THREADS (read when the driver loads) sets its worker threads; rows record it.
import { cpus } from 'node:os';
import { createNodeGpuContext } from '../../gpu/node';
import { benchProducers } from '../../bench/registry';
import { formatTable, runBenches } from '../../bench/run';
import { Flags, UsageError } from '../args';
import type { Command } from '../command';

export const benchCommand: Command = {
  name: 'bench',
  usage: `bench [--json] [--only ${benchProducers.map((p) => p.group).join('|')}[,...]]`,
  summary: 'run GPU benchmarks (matmul GFLOP/s per variant, dispatch round trips) and print a table or JSON rows',
  async run(args) {
    const flags = new Flags(args);
    const json = flags.bool('json');
    const only = flags.string('only');
    flags.done();
    const groups = only?.split(',').map((g) => g.trim()).filter(Boolean);
    for (const g of groups ?? []) {
      if (!benchProducers.some((p) => p.group === g)) throw new UsageError(`--only: no benchmark group '${g}' (groups: ${benchProducers.map((p) => p.group).join(', ')})`);
    }
    const producers = groups ? benchProducers.filter((p) => groups.includes(p.group)) : benchProducers;
    const ctx = await createNodeGpuContext();
    const host = { cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', LP_NUM_THREADS: process.env.LP_NUM_THREADS ?? 'default' };
    const rows = await runBenches(ctx, producers, host);
    console.log(json ? JSON.stringify(rows, null, 2) : formatTable(rows));
    return 0;
  },
};
