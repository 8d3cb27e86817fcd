// Times attention forward + backward (dq, dk/dv) of one training shape under every plan this adapter runs
// (variant, lanes per workgroup, tile): best of 5 submissions, interleaved. The plan attentionPlan picks is one of them.
//   npx tsx scripts/attention-variants.ts [B T nHeads headDim]
// SwiftShader in Node: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx tsx scripts/attention-variants.ts
import { createNodeGpuContext } from '../src/gpu/node';
import { timeSubmission } from '../src/gpu/timing';
import { createAttention, type AttentionOptions } from '../src/kernels/attention';
import type { AttentionVariant } from '../src/kernels/attentionWgsl';

const [B, T, nHeads, headDim] = (process.argv.slice(2).length ? process.argv.slice(2) : ['32', '64', '4', '16']).map(Number);
const ctx = await createNodeGpuContext({ tuningCache: false });
const info = ctx.device.adapterInfo as GPUAdapterInfo;
console.log(`${info.vendor} ${info.architecture} ${info.description}; subgroups ${info.subgroupMinSize}-${info.subgroupMaxSize}; B ${B} T ${T} nh ${nHeads} hd ${headDim}`);
const C = nHeads * headDim, rows = B * T * C;
const buf = (n: number, label: string) => ctx.buffers.create(label, n * 4);
const [q, k, v, out, dOut, dq, dk, dv] = ['q', 'k', 'v', 'out', 'dOut', 'dq', 'dk', 'dv'].map((l) => buf(rows, l));
const kinds = ctx.buffers.upload('kinds', Uint32Array.from({ length: B * T }, (_, i) => (i % T < 8 ? 1 : 2)));
const promptLen = ctx.buffers.upload('promptLen', new Uint32Array(B).fill(8));
const stats = buf(B * nHeads * T, 'stats');
for (const x of [q, k, v, dOut]) ctx.buffers.write(x, Float32Array.from({ length: rows }, () => Math.random() - 0.5));
const plans: AttentionOptions[] = [];
const variants: AttentionVariant[] = ctx.hasSubgroups ? ['subgroup', 'direct'] : ['direct'];
for (const variant of variants) {
  for (const lanes of [8, 16, 32, 64]) for (const tile of [4, 8]) {
    if (tile > lanes || (variant === 'subgroup' && tile > (info.subgroupMinSize ?? 4))) continue;
    plans.push({ variant, lanes, tile });
  }
}
const kernels = await Promise.all(plans.map((o) => createAttention(ctx, { B, T, nHeads, headDim }, o)));
const dispatches = kernels.map((a) => [
  ...a.bindForward({ q, k, v, kinds, promptLen, out, stats }),
  ...a.bindBackward({ q, k, v, out, dOut, stats, kinds, promptLen, dq, dk, dv }),
]);
const best = plans.map(() => Infinity);
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < plans.length; i++) {
    const { ms } = await timeSubmission(ctx, (rec) => { for (const d of dispatches[i]) rec.dispatch(d); });
    if (round > 0) best[i] = Math.min(best[i], ms);
  }
}
plans.map((o, i) => ({ o, ms: best[i] })).sort((a, b) => a.ms - b.ms).forEach(({ o, ms }) => console.log(`${o.variant} lanes ${o.lanes} tile ${o.tile}: ${ms.toFixed(2)} ms`));
ctx.destroy();
