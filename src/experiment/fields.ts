// The one declarative table of experiment fields (like TF Playground's state.ts): URL key, path into the config,
// type and bounds, label and help for the controls panel. Defaults come from defaultExperiment, task knobs from the
// selected task's knobSpecs. The link codec, config files and the UI all read this table.
import { MAX_MTP_DEPTH, type MethodKnobName } from '../methods/knobs';
import { MAX_LORA_RANK } from '../model/lora';
import { METHOD_KINDS, methodOf } from '../methods/registry';
import type { LrScheduleKind } from '../model/schedule';
import { tasks } from '../tasks';
import { getPath, type FieldPath } from './paths';
import { BASE_MODEL_IDS, defaultExperiment, type ExperimentConfig, type MethodKnobs } from './schema';

export type FieldGroup = 'task' | 'model' | 'method' | 'lora' | 'optimizer' | 'run';

interface FieldCommon {
  /** Short key in the share link. */
  key: string;
  path: FieldPath;
  group: FieldGroup;
  label: string;
  help: string;
  /** The field matters (is shown, and written to links) only when this holds; always when absent. */
  visibleWhen?: (c: ExperimentConfig) => boolean;
}

/** Integers and floats lie in [min, max], with an open end where minOpen / maxOpen is set. */
export type FieldType =
  | { type: 'int'; default: number; min: number; max: number }
  | { type: 'float'; default: number; min: number; max: number; minOpen?: boolean; maxOpen?: boolean }
  | { type: 'enum'; default: string; values: readonly string[] }
  | { type: 'bool'; default: boolean }
  /** Plain text matching `pattern` (whole string) and at most maxLength long; `allowed` says so in words. */
  | { type: 'string'; default: string; pattern: RegExp; allowed: string; maxLength: number }
  /** Distinct values, at least one. */
  | { type: 'enumList'; default: readonly string[]; values: readonly string[] };

export type Field = FieldCommon & FieldType;

type FieldSpec = FieldCommon & DistributiveOmit<FieldType, 'default'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const INT32_MAX = 2 ** 31 - 1;
const text = (maxLength: number) => ({
  pattern: /^[\p{L}\p{N} _.,:+()-]*$/u,
  allowed: `up to ${maxLength} letters, digits, spaces and _ . , : + ( ) -`,
  maxLength,
});

const fromScratch = (c: ExperimentConfig) => c.model.id === 'scratch';
const onDataFile = (c: ExperimentConfig) => Object.hasOwn(tasks, c.task.name) && tasks[c.task.name].usesDataFile === true;
const withLora = (c: ExperimentConfig) => c.lora.rank > 0;
const sha256 = { pattern: /^([0-9a-f]{64})?$/, allowed: 'empty or 64 lowercase hex digits', maxLength: 64 };
/** A method knob's field matters when one of the runs' methods reads that knob. */
const reads = (knob: MethodKnobName) => (c: ExperimentConfig) => c.runs.some((r) => methodOf(r).knobs.includes(knob));

const specs: readonly FieldSpec[] = [
  { key: 'name', path: 'name', group: 'run', type: 'string', ...text(60),
    label: 'Name', help: 'A title for this experiment, shown on the page and carried by the link.' },
  { key: 'task', path: 'task.name', group: 'task', type: 'enum', values: Object.keys(tasks),
    label: 'Task', help: 'What the model learns to answer; each task has its own knobs.' },
  { key: 'train', path: 'data.trainSize', group: 'task', type: 'int', min: 1, max: 100_000,
    label: 'Train examples', help: 'Examples generated for training (test prompts never occur among them).' },
  { key: 'test', path: 'data.testSize', group: 'task', type: 'int', min: 1, max: 10_000,
    label: 'Test examples', help: 'Held-out examples with distinct prompts, scored by exact match.' },
  { key: 'dseed', path: 'data.dataSeed', group: 'task', type: 'int', min: 0, max: INT32_MAX,
    label: 'Data seed', help: 'Seed of the generated train and test sets.' },
  { key: 'dfile', path: 'data.fileName', group: 'task', type: 'string', ...text(120), visibleWhen: onDataFile,
    label: 'Data file', help: 'Name of your prompt → answer file; the page asks for it when the link is opened.' },
  { key: 'dsha', path: 'data.fileSha256', group: 'task', type: 'string', ...sha256, visibleWhen: onDataFile,
    label: 'Data SHA-256', help: 'Checksum of your data file, so the page can tell it is the same file.' },
  { key: 'model', path: 'model.id', group: 'model', type: 'enum', values: BASE_MODEL_IDS,
    label: 'Base model', help: 'A shipped pretrained model, a fresh random model, or your own ONNX file.' },
  { key: 'file', path: 'model.fileName', group: 'model', type: 'string', ...text(120),
    label: 'Model file', help: 'Name of your ONNX file; the page asks for it when the link is opened.',
    visibleWhen: (c) => c.model.id === 'file' },
  { key: 'sha', path: 'model.fileSha256', group: 'model', type: 'string', ...sha256,
    label: 'Model SHA-256', help: 'Checksum of your ONNX file, so the page can tell it is the same file.',
    visibleWhen: (c) => c.model.id === 'file' },
  { key: 'dmodel', path: 'model.scratch.dModel', group: 'model', type: 'int', min: 8, max: 1024, visibleWhen: fromScratch,
    label: 'd_model', help: 'Width of the residual stream; a multiple of 4 × heads.' },
  { key: 'layers', path: 'model.scratch.nLayers', group: 'model', type: 'int', min: 1, max: 32, visibleWhen: fromScratch,
    label: 'Layers', help: 'Transformer blocks.' },
  { key: 'heads', path: 'model.scratch.nHeads', group: 'model', type: 'int', min: 1, max: 32, visibleWhen: fromScratch,
    label: 'Heads', help: 'Attention heads; d_model / heads must be a multiple of 4.' },
  { key: 'ff', path: 'model.scratch.dFF', group: 'model', type: 'int', min: 4, max: 8192, visibleWhen: fromScratch,
    label: 'FF width', help: 'Hidden width of the SwiGLU feed-forward layer (about 8/3 · d_model is usual).' },
  { key: 'maxlen', path: 'model.scratch.maxLen', group: 'model', type: 'int', min: 8, max: 1024, visibleWhen: fromScratch,
    label: 'Max length', help: 'Longest sequence the model takes, registers included (RoPE positions 0 .. max - 1).' },
  { key: 'runs', path: 'runs', group: 'method', type: 'enumList', values: METHOD_KINDS,
    label: 'Methods', help: `Trained side by side on the same data: ${METHOD_KINDS.map((m) => methodOf(m).description).join('; ')}.` },
  { key: 'dmax', path: 'method.dMax', group: 'method', type: 'int', min: 1, max: 16, visibleWhen: reads('dMax'),
    label: 'd max', help: 'How far ahead the model learns to look: a register predicts the token up to d max places ahead (MuToR), or there are d max output heads (Multi-Token heads).' },
  { key: 'dmin', path: 'method.dMin', group: 'method', type: 'int', min: 1, max: 16, visibleWhen: reads('dMin'),
    label: 'd min', help: 'The nearest token a register predicts: each sequence picks how far ahead (d) between d min and d max. 1 includes the very next token; 2 skips it, as the paper does for the star graph.' },
  { key: 'a', path: 'method.alpha', group: 'method', type: 'float', min: 0, max: 1, visibleWhen: reads('alpha'),
    label: 'Auxiliary weight a', help: 'Loss = (1 - a) · next-token loss + a · register (or extra-head) loss.' },
  { key: 'place', path: 'method.placement', group: 'method', type: 'enum',
    values: ['all', 'everyK', 'fraction'] satisfies MethodKnobs['placement'][], visibleWhen: reads('placement'), label: 'Register placement',
    help: 'Before every answer token, every k-th one, or a random fraction of them.' },
  { key: 'pk', path: 'method.placementK', group: 'method', type: 'int', min: 1, max: 64,
    visibleWhen: (c) => reads('placementK')(c) && c.method.placement === 'everyK',
    label: 'Every k-th', help: 'Answer slots 0, k, 2k, ... get a register.' },
  { key: 'pf', path: 'method.placementFraction', group: 'method', type: 'float', min: 0, max: 1, minOpen: true,
    visibleWhen: (c) => reads('placementFraction')(c) && c.method.placement === 'fraction',
    label: 'Fraction of slots', help: 'Share of answer slots that get a register, drawn per sequence.' },
  { key: 'inprompt', path: 'method.registersInPrompt', group: 'method', type: 'bool', visibleWhen: reads('registersInPrompt'),
    label: 'Registers in prompt', help: 'Also put registers after prompt tokens (they then predict prompt tokens too).' },
  { key: 'peremb', path: 'method.perOffsetEmbeddings', group: 'method', type: 'bool', visibleWhen: reads('perOffsetEmbeddings'),
    label: 'One embedding per offset', help: 'A register embedding row per offset d instead of one shared row.' },
  { key: 'mtpd', path: 'method.mtpDepth', group: 'method', type: 'int', min: 1, max: MAX_MTP_DEPTH, visibleWhen: reads('mtpDepth'),
    label: 'MTP modules D', help: 'DeepSeek-V3 MTP: sequential modules after the trunk; module k predicts the token k + 1 ahead from the module before it and the embedding of the token k ahead.' },
  { key: 'mtpl', path: 'method.mtpWeight', group: 'method', type: 'float', min: 0, max: 1, visibleWhen: reads('mtpWeight'),
    label: 'MTP weight λ', help: 'DeepSeek-V3 MTP: loss = (1 - λ) · next-token loss + λ / D · the sum of the modules\' losses.' },
  { key: 'lora', path: 'lora.rank', group: 'lora', type: 'int', min: 0, max: MAX_LORA_RANK,
    label: 'LoRA rank r', help: 'LoRA keeps the model\'s weights as they are and trains two small extra matrices per attention layer instead; their product is added to the layer\'s weights. The rank r is how many columns they have: more can learn more, and trains more numbers. The method\'s own parts (registers, extra heads) always train in full. 0: no LoRA, every weight trains.' },
  { key: 'loraa', path: 'lora.alpha', group: 'lora', type: 'float', min: 0, max: 1024, minOpen: true, visibleWhen: withLora,
    label: 'LoRA alpha', help: 'How strongly the small matrices count: their product is multiplied by alpha / r before it is added. A larger alpha makes them learn faster, like a larger learning rate.' },
  { key: 'loramlp', path: 'lora.mlp', group: 'lora', type: 'bool', visibleWhen: withLora,
    label: 'LoRA on the MLP', help: 'Give each layer\'s feed-forward part (the MLP after attention) small matrices too, not only attention.' },
  { key: 'f16', path: 'f16', group: 'optimizer', type: 'bool',
    label: 'f16 weights', help: 'Keep a 16-bit (half precision) copy of the layers\' weights for the matrix products: less memory to read, often faster, on any GPU. The weights themselves, their gradients and every sum stay 32-bit.' },
  { key: 'lr', path: 'optimizer.lr', group: 'optimizer', type: 'float', min: 0, max: 1, minOpen: true,
    label: 'Learning rate', help: 'Peak AdamW learning rate, reached at the end of warmup.' },
  { key: 'sched', path: 'optimizer.schedule', group: 'optimizer', type: 'enum',
    values: ['constant', 'linear', 'cosine'] satisfies LrScheduleKind[],
    label: 'Schedule', help: 'How the learning rate decays after warmup, over the whole run.' },
  { key: 'warmup', path: 'optimizer.warmupSteps', group: 'optimizer', type: 'int', min: 0, max: 100_000,
    label: 'Warmup steps', help: 'Steps of linear warmup from 0 to the peak learning rate.' },
  { key: 'minlr', path: 'optimizer.minLrRatio', group: 'optimizer', type: 'float', min: 0, max: 1,
    visibleWhen: (c) => c.optimizer.schedule !== 'constant',
    label: 'Final LR ratio', help: 'The learning rate decays to this fraction of the peak.' },
  { key: 'wd', path: 'optimizer.weightDecay', group: 'optimizer', type: 'float', min: 0, max: 1,
    label: 'Weight decay', help: 'Decoupled (AdamW) weight decay on matrices.' },
  { key: 'b1', path: 'optimizer.beta1', group: 'optimizer', type: 'float', min: 0, max: 1, maxOpen: true,
    label: 'β1', help: 'Decay of the gradient running mean.' },
  { key: 'b2', path: 'optimizer.beta2', group: 'optimizer', type: 'float', min: 0, max: 1, maxOpen: true,
    label: 'β2', help: 'Decay of the squared-gradient running mean.' },
  { key: 'eps', path: 'optimizer.eps', group: 'optimizer', type: 'float', min: 0, max: 0.01, minOpen: true,
    label: 'ε', help: "Added to the denominator of Adam's update." },
  { key: 'clip', path: 'optimizer.clipNorm', group: 'optimizer', type: 'float', min: 0, max: 1000,
    label: 'Gradient clip', help: 'Clip the global gradient norm to this value; 0 turns clipping off.' },
  { key: 'bs', path: 'optimizer.batchSize', group: 'optimizer', type: 'int', min: 1, max: 1024,
    label: 'Batch size', help: 'Sequences per micro-batch.' },
  { key: 'accum', path: 'optimizer.gradAccumulation', group: 'optimizer', type: 'int', min: 1, max: 64,
    label: 'Gradient accumulation', help: 'Micro-batches summed into each optimizer step.' },
  { key: 'steps', path: 'steps', group: 'run', type: 'int', min: 1, max: 1_000_000,
    label: 'Steps', help: 'Optimizer steps per method.' },
  { key: 'eval', path: 'evalEvery', group: 'run', type: 'int', min: 1, max: 1_000_000,
    label: 'Evaluate every', help: 'Steps between evaluations on the test set (and one at the end).' },
  { key: 'evaln', path: 'evalSize', group: 'run', type: 'int', min: 1, max: 10_000,
    label: 'Evaluation size', help: 'Test examples scored at each evaluation (at most the test set).' },
  { key: 'seed', path: 'seed', group: 'run', type: 'int', min: 0, max: INT32_MAX,
    label: 'Seed', help: 'Seed of initialization, register offsets and batch order.' },
];

/** The fields every experiment has, each with its default from defaultExperiment. */
export const staticFields: readonly Field[] = specs.map((s) => ({ ...s, default: getPath(defaultExperiment, s.path) }) as Field);

/** The knob fields of a task (keys `k.<knob>`), or none for an unknown task. */
export function knobFields(taskName: string): Field[] {
  const def = Object.hasOwn(tasks, taskName) ? tasks[taskName] : undefined;
  return (def?.knobSpecs ?? []).map((s) => ({
    key: `k.${s.name}`,
    path: `task.knobs.${s.name}`,
    group: 'task',
    type: 'int',
    default: s.default,
    min: s.min,
    max: s.max,
    label: s.name,
    help: s.description,
  }));
}

/** The full table for an experiment on `taskName`: the static fields with the task's knobs right after the task. */
export function fieldsFor(taskName: string): Field[] {
  const at = staticFields.findIndex((f) => f.path === 'task.name') + 1;
  return [...staticFields.slice(0, at), ...knobFields(taskName), ...staticFields.slice(at)];
}
