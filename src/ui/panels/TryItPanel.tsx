// Try it: a run's model (exported to ONNX by the engine Worker, registers dropped) or an .onnx file, answering a
// held-out or typed prompt in onnxruntime-web: WebGPU execution provider when it loads, wasm otherwise (with the
// reason). Decoding is src/train/generate.ts, the same as evaluation: greedy, or temperature / top-k from a seed.
// onnxruntime-web is imported on the first Generate only, so the page does not load it up front.
import { useId, useMemo, useState, type ChangeEvent } from 'react';
import type { ExperimentConfig } from '../../experiment/schema';
import type { OrtModel } from '../../onnx/ortModel';
import { useExperimentStore } from '../../state/experimentStore';
import { useOrderedRuns, useSelectedRun, type Run } from '../../state/runsStore';
import { useRunHasModel } from '../../state/runModel';
import { makeSplits, tasks, type Example, type Task } from '../../tasks';
import { answerBody } from '../../tasks/example';
import { BOS, EOS, VOCAB_SIZE, checkVocabulary, decode, encode } from '../../tasks/tokenizer';
import { BASELINE_METHOD } from '../../methods/registry';
import { generateFor, greedy, type SamplingOptions } from '../../train/generate';
import { createRng } from '../../util/random';
import { Segmented } from '../controls/Segmented';
import { diffAgainstTruth } from './generationsData';
import { EmptyState, Panel } from './Panel';
import { RunPicker } from './RunPicker';

// ---------- Pure helpers (tested in TryItPanel.test.ts) ----------

export interface HeldOut {
  task: Task;
  test: Example[];
}

/** The experiment's held-out split: the same examples a run of it evaluates on (test is drawn before train). */
export function heldOutSplit(exp: ExperimentConfig): HeldOut {
  const def = Object.hasOwn(tasks, exp.task.name) ? tasks[exp.task.name] : undefined;
  if (!def) throw new Error(`unknown task '${exp.task.name}'`);
  const { task, test } = makeSplits(def, exp.task.knobs, exp.data.dataSeed, 0, exp.data.testSize);
  return { task, test };
}

export type PromptReading = { ok: true; ids: number[]; example: Example | null } | { ok: false; error: string };

/** Prompt ids (BOS first) of typed text, and the held-out example with exactly this prompt, if any. */
export function readPrompt(text: string, test: readonly Example[]): PromptReading {
  if (text === '') return { ok: false, error: 'type a prompt or pick a held-out one' };
  try {
    const ids = [BOS, ...encode(text)];
    return { ok: true, ids, example: test.find((e) => e.promptText === text) ?? null };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Tokens to generate: the truth's length + 2 for a held-out prompt, else the longest held-out answer + 2; never past maxT. */
export function maxNewTokens(promptLength: number, example: Example | null, test: readonly Example[], maxT: number): number {
  const want = (example ? example.answer.length : Math.max(1, ...test.map((e) => e.answer.length))) + 2;
  return Math.max(0, Math.min(want, maxT - promptLength + 1));
}

export interface TryResult {
  promptText: string;
  /** The answer up to EOS, as text. */
  output: string;
  /** The model stopped with EOS (not at the token limit). */
  stopped: boolean;
  /** Truth and the task's verdict for a held-out prompt; null for a typed one. */
  truth: string | null;
  correct: boolean | null;
  provider: OrtModel['provider'];
  fallbackReason?: string;
  /** Tokens generated (the end token included). */
  tokens: number;
  /** Time to generate, and to export the model and start its session when that happened for this answer. */
  ms: number;
  loadMs: number;
  /** The model came from a run (exported by the engine Worker), not from a file. */
  exported: boolean;
  /** Which model answered ('MuToR, step 150' or a file name). */
  modelLabel: string;
  decoding: string;
}

// ---------- The model behind the panel: one onnxruntime-web session, rebuilt when the source changes ----------

let loaded: { key: string; model: Promise<OrtModel> } | null = null;

/** The session for `key`, exporting/reading its bytes and creating it when the key changed (the old one released). */
function modelFor(key: string, bytes: () => Promise<Uint8Array>): Promise<OrtModel> {
  if (loaded?.key === key) return loaded.model;
  const previous = loaded;
  const model = (async () => {
    const [{ createOrtModel }, b] = await Promise.all([import('../../onnx/ortModel'), bytes()]);
    // T padded to multiples of 8: a growing answer reuses a few input shapes (WebGPU prepares kernels per shape).
    return createOrtModel(b, { preferWebGpu: true }, { maxBatch: 1, padTo: 8 });
  })();
  loaded = { key, model };
  model.catch(() => {
    if (loaded?.key === key) loaded = null;
  });
  void previous?.model.then((m) => m.release()).catch(() => undefined);
  return model;
}

type Source = { kind: 'run'; run: Run } | { kind: 'file'; name: string; bytes: Uint8Array };

function runStep(run: Run): number {
  return run.progress?.step ?? run.steps[run.steps.length - 1]?.step ?? 0;
}

function sourceKey(s: Source): string {
  return s.kind === 'run' ? `run:${s.run.id}:${runStep(s.run)}` : `file:${s.name}:${s.bytes.length}`;
}

function sourceLabel(s: Source): string {
  return s.kind === 'run' ? `${s.run.label}, step ${runStep(s.run)}` : s.name;
}

interface Decoding {
  mode: 'greedy' | 'sample';
  temperature: number;
  topK: number;
  seed: number;
}

function samplingOf(d: Decoding): SamplingOptions {
  return d.mode === 'greedy' ? greedy : { temperature: d.temperature, topK: d.topK, rng: createRng(d.seed) };
}

function describeDecoding(d: Decoding): string {
  return d.mode === 'greedy' ? 'greedy' : `temperature ${d.temperature}, ${d.topK > 0 ? `top-${d.topK}` : 'all tokens'}, seed ${d.seed}`;
}

export type ExportOnnx = (runId: string) => Promise<Uint8Array>;

async function tryPrompt(source: Source, exportOnnx: ExportOnnx | undefined, ids: number[], example: Example | null, held: HeldOut, decoding: Decoding): Promise<TryResult> {
  const bytes = async () => {
    if (source.kind === 'file') return source.bytes;
    if (!exportOnnx) throw new Error('this page cannot reach the trainer to export the run\'s model');
    return exportOnnx(source.run.id);
  };
  const loadStart = performance.now();
  const model = await modelFor(sourceKey(source), bytes);
  const loadMs = performance.now() - loadStart;
  checkVocabulary(model.config.vocabSize, 'the model');
  if (ids.length > model.maxT) throw new Error(`the prompt has ${ids.length} tokens; the model takes at most ${model.maxT}`);
  const started = performance.now();
  // A run's model answers as its method does (one forward pass for teacherless); a file is decoded token by token.
  const method = source.kind === 'run' ? source.run.method : BASELINE_METHOD;
  const [out] = await generateFor(model, method, [ids], maxNewTokens(ids.length, example, held.test, model.maxT), EOS, samplingOf(decoding));
  const ms = performance.now() - started;
  return {
    promptText: decode(ids.slice(1)),
    output: decode([...answerBody(out)]),
    stopped: out.includes(EOS),
    truth: example ? example.answerText : null,
    correct: example ? held.task.evaluate(example, out) : null,
    provider: model.provider,
    fallbackReason: model.fallbackReason,
    tokens: out.length,
    ms,
    loadMs,
    exported: source.kind === 'run',
    modelLabel: sourceLabel(source),
    decoding: describeDecoding(decoding),
  };
}

// ---------- The panel ----------

interface TryItPanelProps {
  /** A run's current model as ONNX bytes (the engine Worker's export); without it only files can be tried. */
  exportOnnx?: ExportOnnx;
}

/** Ask a run's model (or an .onnx file) for an answer to a held-out or typed prompt, in onnxruntime-web. */
export function TryItPanel({ exportOnnx }: TryItPanelProps) {
  const runs = useOrderedRuns();
  const selected = useSelectedRun();
  // Runs whose model the page holds (live, checkpointed, shipped with the gallery, imported with weights).
  const hasModel = useRunHasModel();
  const canExport = (r: Run) => r.status !== 'starting' && r.status !== 'error' && hasModel(r);
  const usable = runs.filter(canExport);
  const run = selected && canExport(selected) ? selected : (usable[0] ?? null);
  const currentExperiment = useExperimentStore((s) => s.config);
  const [sourceKind, setSourceKind] = useState<'run' | 'file'>('run');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const source: Source | null = sourceKind === 'file' ? (file ? { kind: 'file', ...file } : null) : run ? { kind: 'run', run } : null;
  // A run answers prompts of its own task; a file those of the experiment set up under Experiment.
  const experiment = sourceKind === 'run' && run ? run.experiment : currentExperiment;
  const held = useMemo((): { ok: true; value: HeldOut } | { ok: false; error: string } => {
    try {
      return { ok: true, value: heldOutSplit(experiment) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }, [experiment]);
  const test = held.ok ? held.value.test : [];

  const [typed, setTyped] = useState<string | null>(null);
  const text = typed ?? test[0]?.promptText ?? '';
  const prompt = readPrompt(text, test);
  const [decoding, setDecoding] = useState<Decoding>({ mode: 'greedy', temperature: 0.8, topK: 5, seed: 1 });
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uid = useId();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    try {
      setFile({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      setFileError(null);
    } catch (err) {
      setFileError(`could not read ${f.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const onGenerate = async () => {
    if (!source || !prompt.ok || !held.ok) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await tryPrompt(source, exportOnnx, prompt.ids, prompt.example, held.value, decoding));
    } catch (e) {
      setResult(null); // an older answer next to this failure would read as its outcome
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const exampleIndex = prompt.ok && prompt.example ? test.indexOf(prompt.example) : -1;
  const sampling = decoding.mode === 'sample';
  const decodingValid = !sampling || (decoding.temperature > 0 && decoding.temperature <= 10 && Number.isInteger(decoding.topK) && decoding.topK >= 0 && Number.isInteger(decoding.seed));

  return (
    <Panel
      id="tryit"
      title="Try it"
      testId="tryit-panel"
      className="panel-wide"
      explain="Ask a run's model for an answer, in onnxruntime-web on your GPU (WebGPU, or WebAssembly when that fails): registers are dropped, as at inference. Pick a held-out prompt to see the task's verdict, or type your own."
      actions={
        <Segmented
          label="Model"
          hideLabel
          value={sourceKind}
          options={[
            { value: 'run', label: 'A run', title: "A run's current weights, exported to ONNX" },
            { value: 'file', label: 'ONNX file', title: 'A model exported earlier (mutor train --save-onnx)' },
          ]}
          onChange={(v) => setSourceKind(v)}
          testId="tryit-source"
        />
      }
    >
      {sourceKind === 'run' && !run ? (
        <EmptyState title="Start a run to ask its model." testId="tryit-empty">
          {runs.length > 0
            ? 'These saved runs keep their curves but not their model: train again, or switch to ONNX file to load a model downloaded earlier.'
            : "The run's current weights are exported to ONNX when you press Generate; or switch to ONNX file to load a model saved earlier."}
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            {sourceKind === 'run' ? (
              <RunPicker filter={canExport} shownId={run?.id ?? null} />
            ) : (
              <label className="field tryit-file">
                <span className="segmented-label">ONNX file: prompts from the task set up under Experiment</span>
                <input type="file" accept=".onnx" onChange={(e) => void onFile(e)} data-testid="tryit-file" />
                {!file && <span className="field-note">A run&apos;s ONNX download, or mutor train --save-onnx</span>}
              </label>
            )}
            <Segmented
              label="Decoding"
              value={decoding.mode}
              options={[
                { value: 'greedy', label: 'Greedy', title: 'The most likely token each step (what evaluation uses)' },
                { value: 'sample', label: 'Sample', title: 'Draw each token from the softmax at a temperature, from the k most likely' },
              ]}
              onChange={(mode) => setDecoding({ ...decoding, mode })}
              testId="tryit-decoding"
            />
            {sampling && (
              <div className="tryit-sampling">
                <NumberField label="Temperature" value={decoding.temperature} step={0.1} min={0.05} max={10} onChange={(temperature) => setDecoding({ ...decoding, temperature })} />
                <NumberField label="Top-k (0: all)" value={decoding.topK} step={1} min={0} max={VOCAB_SIZE} onChange={(topK) => setDecoding({ ...decoding, topK })} />
                <NumberField label="Seed" value={decoding.seed} step={1} min={0} onChange={(seed) => setDecoding({ ...decoding, seed })} />
              </div>
            )}
          </div>
          {fileError && <p className="note note-warn">{fileError}</p>}
          {!held.ok ? (
            <p className="note note-warn" role="status">
              No held-out prompts: {held.error}
            </p>
          ) : (
            <div className="tryit-prompt">
              <label className="field-label" htmlFor={`${uid}-pick`}>
                Held-out prompt
              </label>
              <select
                id={`${uid}-pick`}
                value={exampleIndex >= 0 ? String(exampleIndex) : ''}
                onChange={(e) => e.target.value !== '' && setTyped(test[Number(e.target.value)].promptText)}
                data-testid="tryit-pick"
              >
                {exampleIndex < 0 && <option value="">(your own prompt)</option>}
                {test.map((e, i) => (
                  <option key={i} value={i}>
                    #{i + 1}: {e.promptText}
                  </option>
                ))}
              </select>
              <label className="field-label" htmlFor={`${uid}-text`}>
                Prompt
              </label>
              <div className="tryit-input-row">
                <input
                  id={`${uid}-text`}
                  type="text"
                  className="mono"
                  spellCheck={false}
                  autoComplete="off"
                  value={text}
                  aria-invalid={!prompt.ok}
                  aria-describedby={`${uid}-hint`}
                  onChange={(e) => setTyped(e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && void onGenerate()}
                  data-testid="tryit-prompt"
                />
                <button
                  type="button"
                  className="primary"
                  disabled={busy || !source || !prompt.ok || !decodingValid}
                  onClick={() => void onGenerate()}
                  data-testid="tryit-generate"
                >
                  {busy ? 'Generating…' : 'Generate'}
                </button>
              </div>
              <p id={`${uid}-hint`} className={`tryit-hint ${prompt.ok ? 'field-note' : 'field-problem'}`} data-testid="tryit-prompt-note">
                {prompt.ok
                  ? prompt.example
                    ? `Held-out example #${exampleIndex + 1} of ${held.value.task.name}: the answer is checked by the task's evaluator.`
                    : `Your own prompt: there is no truth to check it against.`
                  : prompt.error}
              </p>
            </div>
          )}
          {error && (
            <p className="note note-warn" role="alert" data-testid="tryit-error">
              Could not generate: {error}
            </p>
          )}
          {result && <ResultView result={result} />}
        </>
      )}
    </Panel>
  );
}

function NumberField({ label, value, step, min, max, onChange }: { label: string; value: number; step: number; min: number; max?: number; onChange(v: number): void }) {
  const invalid = !Number.isFinite(value) || value < min || (max !== undefined && value > max);
  return (
    <label className="inline-field">
      {label}
      <input type="number" value={Number.isFinite(value) ? value : ''} step={step} min={min} max={max} aria-invalid={invalid} onChange={(e) => onChange(e.target.valueAsNumber)} />
    </label>
  );
}

const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function ResultView({ result: r }: { result: TryResult }) {
  const verdict = r.correct === null ? null : r.correct ? 'right' : 'wrong';
  return (
    <div className="tryit-result" aria-live="polite" data-testid="tryit-result">
      <dl className="facts tryit-facts">
        <div className="fact-row">
          <dt>Prompt</dt>
          <dd className="mono wrap">{r.promptText}</dd>
        </div>
        <div className="fact-row">
          <dt>Answer</dt>
          <dd className="mono tryit-answer" data-testid="tryit-answer">
            {verdict && (
              <span className={`verdict verdict-${verdict}`} aria-label={verdict}>
                {verdict === 'right' ? '✓' : '✗'}{' '}
              </span>
            )}
            {r.output === '' ? (
              <span className="muted">(empty)</span>
            ) : r.truth !== null ? (
              diffAgainstTruth(r.output, r.truth).map((s, i) => (
                <span key={i} className={s.same ? undefined : 'diff'}>
                  {s.text}
                </span>
              ))
            ) : (
              r.output
            )}
            {!r.stopped && <span className="muted tryit-unstopped"> (no end token within the limit)</span>}
          </dd>
        </div>
        {r.truth !== null && (
          <div className="fact-row">
            <dt>Truth</dt>
            <dd className="mono">{r.truth}</dd>
          </div>
        )}
        <div className="fact-row">
          <dt>Ran on</dt>
          <dd data-testid="tryit-provider">
            <span className={`provider provider-${r.provider}`}>{r.provider === 'webgpu' ? 'WebGPU' : 'WebAssembly (wasm)'}</span>{' '}
            <span className="muted">
              onnxruntime-web · {r.modelLabel} · {r.decoding} · {r.tokens} token{r.tokens === 1 ? '' : 's'} in {formatMs(r.ms)}
              {r.loadMs >= 100 && ` (${r.exported ? 'export and ' : ''}session start ${formatMs(r.loadMs)})`}
            </span>
            {r.fallbackReason && (
              <span className="tryit-fallback" data-testid="tryit-fallback">
                WebGPU was not used: {r.fallbackReason}
              </span>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}
