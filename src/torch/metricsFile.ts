// Reading the metrics.jsonl a PyTorch job's train.py writes (src/torch/train.py): a "run" line (method, link, seed,
// where it ran), one "step" line per optimizer step, and an "end" line naming the final weights once it finished.
// A file that is not one is named in one line with the line number at fault.
import { isMethodKind, type MethodKind } from '../methods/registry';
import type { StepPoint } from '../train/metrics';
import { TORCH_JOB_FORMAT } from './job';

export interface TorchRunMetrics {
  method: MethodKind;
  link: string;
  seed: number;
  /** Where it trained: "PyTorch 2.1.0 on cuda:0 × 8 processes". */
  adapter: string;
  steps: StepPoint[];
  /** The final weights' file (relative to the metrics file), when the run finished. */
  weights: string | null;
  wallMs: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseTorchMetrics(text: string, name: string): TorchRunMetrics {
  const fail = (line: number, why: string): never => {
    throw new Error(`${name}${line > 0 ? ` line ${line}` : ''}: ${why} (expected the metrics.jsonl of an exported PyTorch job's train.py)`);
  };
  const lines = text.split('\n').map((l, i) => ({ l: l.trim(), n: i + 1 })).filter((x) => x.l);
  const records = lines.map(({ l, n }) => {
    try {
      const v: unknown = JSON.parse(l);
      return isObject(v) ? { v, n } : fail(n, 'not a JSON object');
    } catch {
      return fail(n, 'not JSON');
    }
  });
  const head = records[0];
  if (!head || head.v.kind !== 'run') return fail(head?.n ?? 0, 'no "run" line first');
  const h = head.v;
  if (h.format !== TORCH_JOB_FORMAT) fail(head.n, `format ${String(h.format)}, this playground reads ${TORCH_JOB_FORMAT}`);
  if (typeof h.method !== 'string' || !isMethodKind(h.method)) fail(head.n, `unknown method ${JSON.stringify(h.method)}`);
  if (typeof h.link !== 'string' || !Number.isInteger(h.seed)) fail(head.n, 'no link or seed');
  const steps: StepPoint[] = [];
  let weights: string | null = null, wallMs = 0;
  for (const { v, n } of records.slice(1)) {
    if (v.kind === 'step') {
      if (!Number.isInteger(v.step) || v.step !== steps.length + 1) fail(n, `step ${String(v.step)} where ${steps.length + 1} was next`);
      for (const k of ['loss', 'ntpLoss', 'lr', 'tokensPerSec', 'elapsedMs'] as const) if (!isNumber(v[k])) fail(n, `${k} is not a finite number`);
      if (v.auxLoss !== null && !isNumber(v.auxLoss)) fail(n, 'auxLoss is neither a number nor null');
      steps.push({ step: v.step as number, loss: v.loss as number, ntpLoss: v.ntpLoss as number, auxLoss: v.auxLoss as number | null, lr: v.lr as number, tokensPerSec: v.tokensPerSec as number, elapsedMs: v.elapsedMs as number });
    } else if (v.kind === 'end') {
      if (typeof v.weights !== 'string' || !isNumber(v.wallMs)) fail(n, 'an "end" line without weights or wallMs');
      weights = v.weights as string;
      wallMs = v.wallMs as number;
    } else fail(n, `unknown line kind ${JSON.stringify(v.kind)}`);
  }
  if (steps.length === 0) fail(0, 'no "step" lines');
  wallMs ||= steps[steps.length - 1].elapsedMs;
  const adapter = `PyTorch ${String(h.torch)} on ${String(h.device)}${h.worldSize !== 1 ? ` × ${String(h.worldSize)} processes` : ''}`;
  return { method: h.method as MethodKind, link: h.link as string, seed: h.seed as number, adapter, steps, weights, wallMs };
}
