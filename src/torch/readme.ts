// The README of an exported PyTorch job: what it holds, what it needs, and the commands for one CPU, one GPU, N GPUs
// and several nodes.
import type { ExperimentConfig } from '../experiment/schema';
import { methodOf } from '../methods/registry';

/** The README's LoRA section: what the job trains and what it freezes (empty for a run that fine-tunes every weight). */
function loraSection(exp: ExperimentConfig): string {
  const { rank, alpha, mlp } = exp.lora;
  if (rank === 0) return '';
  return `
## LoRA

Every run fine-tunes through LoRA adapters of rank ${rank}, alpha ${alpha} (scale alpha/r = ${alpha / rank}) on the
trunk's attention projections (q, k, v, o)${mlp ? ' and its MLP projections (gate, up, down)' : ''}:
y = x @ W + (alpha/r) · (x @ A) @ B, A [in, r] and B [r, out] (\`layers.<l>.<projection>.loraA\` / \`.loraB\`).
Their starting values are the playground's own (A uniform in ±1/sqrt(in), B = 0) and come in \`init.bin\` with the
other weights: PyTorch starts from the very adapters the playground would. The tensors \`job.json\` marks
\`frozen\` (the base model's: embeddings, norms, projections, LM head) have \`requires_grad\` False: no gradient, no
AdamW state, not in the clipping norm. The adapters and the method's own tensors (register rows, extra heads, MTP
modules) train. \`weights.bin\` and \`model.pt\` hold the adapters beside the unchanged base;
\`mutor import-run\` evaluates them as they are and writes the ONNX model with them merged (W + (alpha/r)·A·B).
`;
}

export function torchJobReadme(exp: ExperimentConfig, baseSource: string): string {
  const runs = exp.runs.map((k) => `\`${k}\` (${methodOf(k).label})`).join(', ');
  const global = exp.optimizer.batchSize * exp.optimizer.gradAccumulation;
  return `# ${exp.name || 'MuToR playground experiment'}: a PyTorch job

Exported by \`mutor export-torch\` from the MuToR playground. It trains the experiment's runs (${runs}) for
${exp.steps} optimizer steps of ${global} sequences each, from ${baseSource}, on the very batches the playground trains
on: its batch builder wrote them (\`runs/<method>/batches-*.bin\`), so the sequence layout, register offsets,
positions, attention mask and loss groups have one source of truth.

**Needs only PyTorch** (1.13 or newer; Python 3.8+): no Node, no numpy, no network. Debian/Ubuntu:
\`apt-get install python3-torch\`; elsewhere \`pip install torch\`.

## Run it

\`\`\`sh
python3 train.py                                  # one CPU (or the first GPU, when PyTorch sees one)
python3 train.py --device cuda                    # one GPU
torchrun --nproc_per_node 4 train.py              # 4 GPUs on this machine (NCCL), or 4 CPU processes (gloo)
torchrun --nnodes 2 --nproc_per_node 8 --node_rank 0 --rdzv_backend c10d \\
  --rdzv_endpoint HOST:29500 train.py             # 2 nodes × 8 GPUs; run on each node with its --node_rank
\`\`\`

With PyTorch 1.13 on Python 3.11 (Debian bookworm's \`python3-torch\`), add \`--redirects 1 --tee 1\` after
\`torchrun\`: without them its default stream setting '0' fails with \`AttributeError: 'NoneType' object has no
attribute 'get'\` before any process starts.

Flags: \`--runs ntp,mutor\` (some runs only), \`--steps N\` (the first N steps; the schedule stays the exported one),
\`--out DIR\` (default \`out/\`), \`--dtype float64\`, \`--threads N\`, \`--verbose\`.
Every process count trains the same global batch: each rank takes its share of a step's sequences and each loss
group's mean is taken over the whole step, so the losses do not depend on the number of processes.

## What it writes

\`out/<method>/metrics.jsonl\` (one JSON line per optimizer step: loss, per-group means, learning rate, gradient norm),
\`out/<method>/weights.bin\` (float32, the playground's flat parameter layout) and \`out/<method>/model.pt\` (a
state_dict keyed by the playground's tensor names; matrices are [in, out]: y = x @ W). Bring a run back into the
playground with \`npx mutor import-run out/<method>/metrics.jsonl\`.

## What is in it

- \`experiment.json\`: the experiment and its share link (open the link in the playground to see it there).
- \`runs/<method>/job.json\`: the model's shape, the parameter layout, AdamW settings and schedule, and the batch
  record's fields; \`init.bin\`: the starting weights; \`batches-*.bin\`: one fixed-size record per step.
- \`train.py\`: the model, mask, loss, optimizer and DistributedDataParallel loop, in one file.
${loraSection(exp)}`;
}
