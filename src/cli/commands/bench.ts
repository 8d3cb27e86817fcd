// `mutor bench [--json] [--only group[,group]] [--sizes 0.2M,1M,...]`: GPU benchmarks on this machine's adapter
// (src/bench/); --sizes picks the scaling rows' model sizes.
//   JSON: an array of BenchRow (src/bench/row.ts), every row with its adapter, host and date.
//   Table: Markdown, as pasted into BENCHMARKS.md.
// On lavapipe, LP_NUM_THREADS (read when the driver loads) sets its worker threads; rows record it.
import { cpus } from 'node:os';
import { createNodeGpuContext } from '../../gpu/node';
import { benchProducers } from '../../bench/registry';
import { formatTable } from '../../bench/run';
import { benchRows, chooseProducers } from '../../bench/select';
import { scalingSizes } from '../../bench/scaling';
import { Flags, UsageError } from '../args';
import type { Command } from '../command';

const list = (v: string | undefined) => v?.split(',').map((g) => g.trim()).filter(Boolean);

export const benchCommand: Command = {
  name: 'bench',
  usage: `bench [--json] [--only ${benchProducers.map((p) => p.group).join('|')}[,...]] [--sizes ${scalingSizes.map((s) => s.label).join(',')}]`,
  summary: 'run GPU benchmarks (matmul GFLOP/s per variant and autotuned, training steps, scaling) and print a table or JSON rows',
  async run(args) {
    const flags = new Flags(args);
    const json = flags.bool('json');
    const choice = { only: list(flags.string('only')), sizes: list(flags.string('sizes')) };
    flags.done();
    try {
      chooseProducers(choice);
    } catch (e) {
      throw new UsageError(`--only/--sizes: ${(e as Error).message}`);
    }
    const ctx = await createNodeGpuContext();
    const host = { cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', LP_NUM_THREADS: process.env.LP_NUM_THREADS ?? 'default' };
    const rows = await benchRows(ctx, choice, host);
    console.log(json ? JSON.stringify(rows, null, 2) : formatTable(rows));
    return 0;
  },
};
