// The matmul autotune's choices kept across page loads and processes (ctx.tuningStore), per adapter: the screen's
// survivors and best time (the split gate's measurement) and each shape class's config. A record names the kernel set
// it was timed on (a hash of the record's format and of the WGSL every variant generates, split or not): after any
// kernel or format change, or when it names a variant this adapter no longer runs, it is ignored and the next tuning
// overwrites it. So a record from before split-K (configs without `split`, timed without split candidates) is
// tuned afresh rather than read as "unsplit was fastest".
import type { GpuContext } from '../gpu/context';
import { sha256Hex } from '../util/sha256';
import type { MatmulConfig } from './matmulProgram';
import type { MatmulPlan, MatmulShape } from './matmulShape';
import { matmulVariants, type MatmulVariant } from './select';

export interface StoredTuning {
  shape: MatmulShape;
  config: MatmulConfig;
}

export interface TuningRecord {
  /** The kernel set's version (kernelSetVersion). */
  kernels: string;
  survivors: MatmulVariant[];
  /** The screen's best ms per matmul. */
  screenMs: number;
  /** By shape class. */
  classes: Record<string, StoredTuning>;
}

/** What identifies an adapter for tuning: its names, subgroup widths and workgroup limit (not its driver's speed). */
export function adapterKey(ctx: GpuContext): string {
  const a = ctx.adapter;
  return ['matmul tuning', a.vendor, a.architecture, a.device, a.description, `subgroups ${a.subgroupMinSize ?? '?'}-${a.subgroupMaxSize ?? '?'}`,
    `invocations ${ctx.device.limits.maxComputeInvocationsPerWorkgroup}`].join(' | ');
}

/** Shapes whose plans cover every structure a variant generates: transposes, accumulate, alignments, batches. */
const VERSION_SHAPES: MatmulShape[] = [
  { M: 64, N: 64, K: 64 }, { M: 9, N: 7, K: 5, transA: true, accumulate: true }, { M: 12, N: 20, K: 8, transB: true },
  { M: 12, N: 20, K: 8, batch: 3 }, { M: 9, N: 7, K: 5, transB: true, batch: 2, sum: true },
];

/** What a record holds and how its configs read; change it with them. */
const RECORD_FORMAT = 'survivors, screenMs, classes of {shape, config: {variant, wx, split?}}';

/** A hash of the record format and of the WGSL of every variant on VERSION_SHAPES, unsplit and split: changes
 * whenever a kernel does. */
export async function kernelSetVersion(plans: (s: MatmulShape, c: MatmulConfig) => MatmulPlan[]): Promise<string> {
  const configs = matmulVariants.flatMap((variant): MatmulConfig[] => [{ variant, wx: 8 }, { variant, wx: 8, split: 2 }]);
  const code = [RECORD_FORMAT, ...configs.flatMap((c) => VERSION_SHAPES.flatMap((s) => plans(s, c).map((p) => p.code)))].join('\n');
  return (await sha256Hex(new TextEncoder().encode(code))).slice(0, 16);
}

/** The stored record for this adapter, if it was made by this kernel set and names only variants it runs. */
export async function loadTunings(ctx: GpuContext, kernels: string, available: readonly MatmulVariant[]): Promise<TuningRecord | null> {
  const text = await ctx.tuningStore?.read(adapterKey(ctx)).catch(() => null);
  if (!text) return null;
  try {
    const r = JSON.parse(text) as TuningRecord;
    const variants = [...r.survivors, ...Object.values(r.classes).map((t) => t.config.variant)];
    if (r.kernels !== kernels || r.survivors.length === 0 || !variants.every((v) => available.includes(v)) || !(r.screenMs > 0)) return null;
    return r;
  } catch {
    return null; // not ours, or cut short: tune afresh
  }
}

/** Stores the record; a store that fails costs only the next load's tuning. */
export async function saveTunings(ctx: GpuContext, record: TuningRecord): Promise<void> {
  await ctx.tuningStore?.write(adapterKey(ctx), JSON.stringify(record)).catch((e: unknown) => {
    console.warn(`matmul tuning not saved: ${(e as Error).message}`);
  });
}
