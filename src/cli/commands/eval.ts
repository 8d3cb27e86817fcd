// `mutor eval`: scores an exported ONNX model (mutor train --save-onnx, the page's export) on a task's held-out split,
// through onnxruntime-web's wasm backend in Node: exact match of greedy generations (the task's own evaluator) and
// next-token accuracy under teacher forcing, computed by src/train/evaluate.ts exactly as a training run's
// evaluation computes them on the engine.
// The examples are the first n of makeSplits(task, knobs, seed).test: with --seed = the experiment's data seed they
// are the first n held-out prompts of that run (the test split is drawn before the train split), so no train prompt.
// --method names the method the model was trained with, for the ones whose inference is not next-token decoding
// (teacherless answers in one forward pass over dummies); registers and extra heads are not in an exported model.
import { readFileSync } from 'node:fs';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { BASELINE_METHOD, methodConfig, type MethodKind } from '../../methods/registry';
import { createOrtModel } from '../../onnx/ortModel';
import { makeSplits, tasks, type Knobs } from '../../tasks';
import { resolveKnobs } from '../../tasks/knobs';
import { checkVocabulary } from '../../tasks/tokenizer';
import { answerDiagnosticsSuffix } from '../../train/answerDiagnostics';
import { evaluate } from '../../train/evaluate';
import type { AnswerDiagnostics } from '../../train/metrics';
import { methodsFlag } from '../methodsFlag';

/** Examples reported in the JSON (and printed). */
const SHOWN_EXAMPLES = 10;

export interface EvalOptions {
  /** A registered task name ('starGraph'; 'star-graph' works too). */
  task: string;
  knobs: Readonly<Record<string, number>>;
  /** Test examples scored. */
  n: number;
  /** Data seed of the split. */
  seed: number;
  /** The method the model was trained with (how it answers); the baseline when absent. */
  method?: MethodKind;
}

export interface EvalExample {
  prompt: string;
  output: string;
  truth: string;
  correct: boolean;
}

/** What `mutor eval --json` prints. */
export interface EvalReport {
  model: string;
  task: string;
  /** Every knob of the task, defaults filled in. */
  knobs: Knobs;
  n: number;
  seed: number;
  method: MethodKind;
  testAccuracy: number;
  nextTokenAccuracy: number;
  /** Clever Hans diagnostics, for tasks with a planning decision (the star graph). */
  answerDiagnostics?: AnswerDiagnostics;
  /** The first SHOWN_EXAMPLES examples, in split order. */
  examples: EvalExample[];
}

/** 'star-graph' -> 'starGraph', so both spellings of a registered task name work. */
const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** 'degree=2,pathLength=3' -> { degree: 2, pathLength: 3 }; '' or undefined -> {}. Throws UsageError on a bad entry. */
export function parseKnobs(text: string | undefined): Record<string, number> {
  const knobs: Record<string, number> = {};
  if (!text) return knobs;
  for (const entry of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(-?\d+)$/.exec(entry);
    if (!m) throw new UsageError(`--knobs: '${entry}' is not name=integer (e.g. --knobs degree=2,pathLength=3)`);
    if (Object.hasOwn(knobs, m[1])) throw new UsageError(`--knobs: ${m[1]} is given twice`);
    knobs[m[1]] = Number(m[2]);
  }
  return knobs;
}

/** Reads a model file; a missing or unreadable file is one line. */
export function readModelFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message.replace(/\s+/g, ' ');
    throw new Error(`cannot read model ${path}: ${why}`, { cause: e });
  }
}

/**
 * The core of `mutor eval`: the model's scores on the first `n` test examples of the task. `modelName` only labels
 * the report. Progress lines go to `log`.
 */
export async function evalOnnxModel(bytes: Uint8Array, modelName: string, o: EvalOptions, log: (line: string) => void = () => {}): Promise<EvalReport> {
  const name = camelCase(o.task);
  const def = Object.hasOwn(tasks, name) ? tasks[name] : undefined;
  if (!def) throw new UsageError(`unknown task '${o.task}' (tasks: ${Object.keys(tasks).join(', ')})`);
  let knobs: Knobs;
  try {
    knobs = resolveKnobs(def, o.knobs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { task, test } = makeSplits(def, knobs, o.seed, 0, o.n);

  const model = await createOrtModel(bytes, { preferWebGpu: false, numThreads: 1 });
  try {
    const { config } = model;
    checkVocabulary(config.vocabSize, modelName);
    // Teacher forcing feeds prompt + answer; generation at most prompt + longest answer + 1 (evaluate's maxNew - 1).
    const T = Math.max(...test.map((e) => e.prompt.length + e.answer.length));
    if (T > config.maxLen) {
      throw new Error(`${task.name} with these knobs needs ${T} tokens per sequence but ${modelName} has maxLen ${config.maxLen}`);
    }
    log(`mutor eval: ${modelName} (${config.nLayers} layers, dModel ${config.dModel}) on ${task.name} ${JSON.stringify(knobs)}, ${test.length} test examples (seed ${o.seed}), onnxruntime-web ${model.provider}`);
    const method = o.method ?? BASELINE_METHOD;
    const { point, generations } = await evaluate(model, task, test, methodConfig(method), 0, T);
    return {
      model: modelName,
      task: task.name,
      knobs,
      n: test.length,
      seed: o.seed,
      method,
      testAccuracy: point.testAccuracy,
      nextTokenAccuracy: point.nextTokenAccuracy,
      ...(point.answerDiagnostics ? { answerDiagnostics: point.answerDiagnostics } : {}),
      examples: generations.slice(0, SHOWN_EXAMPLES).map((g) => ({ prompt: g.promptText, output: g.outputText, truth: g.truthText, correct: g.correct })),
    };
  } finally {
    await model.release();
  }
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export const evalCommand: Command = {
  name: 'eval',
  usage: 'eval --model <file.onnx> --task <name> [--knobs k=v,...] [--n N] [--seed S] [--method m] [--json]',
  summary: "score an exported model on a task's held-out split (greedy exact match, next-token accuracy) with onnxruntime-web",
  async run(args) {
    const f = new Flags(args);
    const modelPath = f.string('model');
    const taskName = f.string('task');
    const knobs = parseKnobs(f.string('knobs'));
    const n = f.number('n', 100, { integer: true, min: 1, max: 100_000 }) as number;
    const seed = f.number('seed', 1, { integer: true, min: 0, max: 2 ** 31 - 1 }) as number;
    const methodText = f.string('method');
    const json = f.bool('json');
    f.done();
    const methods = methodText === undefined ? undefined : methodsFlag(methodText);
    if (methods && methods.length !== 1) throw new UsageError(`--method: one method, the one the model was trained with (got ${methods.join(', ')})`);
    if (!modelPath) throw new UsageError('--model <file.onnx> is required');
    if (!taskName) throw new UsageError('--task <name> is required');
    const bytes = readModelFile(modelPath);
    const started = performance.now();
    const report = await evalOnnxModel(bytes, modelPath, { task: taskName, knobs, n, seed, method: methods?.[0] }, (s) => process.stderr.write(s + '\n'));
    const right = Math.round(report.testAccuracy * report.n);
    process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    if (json) {
      console.log(JSON.stringify(report));
      return 0;
    }
    const lines = [
      `exact match ${percent(report.testAccuracy)} (${right}/${report.n}), next-token ${percent(report.nextTokenAccuracy)} (teacher forcing)` +
        answerDiagnosticsSuffix(report.answerDiagnostics),
      '',
      ...report.examples.map((e) => `${e.correct ? '✓' : '✗'} ${e.prompt} -> ${e.output === '' ? '(empty)' : e.output}${e.correct ? '' : `   (truth ${e.truth})`}`),
    ];
    console.log(lines.join('\n'));
    return 0;
  },
};
