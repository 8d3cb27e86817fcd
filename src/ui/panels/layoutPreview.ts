// The sequence the Register interleaving and Attention (mask) panels draw: one test example of the current experiment,
// laid out by its method's module (src/methods) at an offset d. Pure: no training needed. The view choices (method, example,
// d) live in a small store so both panels show the same sequence.
import { create } from 'zustand';
import type { ExperimentConfig } from '../../experiment/schema';
import { defaultModelConfig } from '../../model/config';
import { tokenKindNames, type TokenKindName } from '../../model/batch';
import { methodConfig, methodOf, type MethodConfig, type MethodKind } from '../../methods/registry';
import type { SequenceLayout } from '../../mutor/sequence';
import { makeSplits, tasks, type Example } from '../../tasks';
import { tokenString, VOCAB_SIZE } from '../../tasks/tokenizer';
import { createRng } from '../../util/random';

/** How many test examples the panels let the user page through. */
export const PREVIEW_EXAMPLES = 12;

export interface PreviewView {
  method: MethodKind;
  /** 'fixed': use `d`; 'random': draw d per sequence as training does (seeded by `draw`). */
  dMode: 'fixed' | 'random';
  d: number;
  /** Bumped by "draw again": new random d and new random placement. */
  draw: number;
}

export interface PreviewToken {
  index: number;
  text: string;
  kind: TokenKindName;
  /** RoPE position id: '7', or an image token's 'row,col' (2D RoPE). */
  position: string;
}

export interface Preview {
  example: Example;
  exampleIndex: number;
  layout: SequenceLayout;
  tokens: PreviewToken[];
  method: MethodConfig;
  /** The offset used (0 for methods without registers). */
  d: number;
  /** Sequence index -> register info index, for registers. */
  registerAt: Map<number, number>;
  /** Regular tokens only (what the model sees at inference). */
  regularCount: number;
  /** The model's context length, for a warning when the sequence is longer. */
  maxLen: number;
}

export type PreviewResult = { ok: true; preview: Preview } | { ok: false; error: string };

const REGISTER_TEXT = 'R';

/** Test examples of an experiment (the first n of the test split the trainer draws: same seed, test drawn first). */
export function previewExamples(config: ExperimentConfig, n = PREVIEW_EXAMPLES): Example[] {
  const def = tasks[config.task.name];
  if (!def) throw new Error(`unknown task '${config.task.name}'`);
  return makeSplits(def, config.task.knobs, config.data.dataSeed, 0, Math.min(n, config.data.testSize)).test;
}

/** The laid-out sequence for the view, or why there is none (e.g. an invalid config). */
export function computePreview(examples: readonly Example[], config: ExperimentConfig, view: PreviewView, exampleIndex: number): PreviewResult {
  try {
    if (examples.length === 0) return { ok: false, error: 'The task produced no test examples.' };
    const i = Math.min(Math.max(0, exampleIndex), examples.length - 1);
    const method = methodConfig(view.method, config.method);
    const { offsets, layout: layOut } = methodOf(method.kind);
    let d = 0;
    if (offsets) {
      d = view.dMode === 'random' ? offsets.draw(method, createRng(1000 + view.draw * 7919 + i)) : Math.min(Math.max(1, view.d), offsets.max(method));
    }
    const rng = createRng(2000 + view.draw * 104729 + i);
    const layout = layOut(examples[i], method, d, VOCAB_SIZE, rng);
    const tokens: PreviewToken[] = layout.inputIds.map((id, index) => {
      const kind = tokenKindNames[layout.kinds[index]];
      return { index, kind, text: kind === 'register' ? REGISTER_TEXT : tokenString(id), position: layout.positions[index].join(',') };
    });
    const registerAt = new Map(layout.registers.map((r, j) => [r.index, j]));
    return {
      ok: true,
      preview: {
        example: examples[i], exampleIndex: i, layout, tokens, method, d, registerAt,
        regularCount: tokens.length - layout.registers.length,
        maxLen: config.model.id === 'scratch' ? config.model.scratch.maxLen : defaultModelConfig.maxLen,
      },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Sequence indices the token at `index` is trained to predict (its targets over all output heads). */
export function predictedBy(layout: SequenceLayout, index: number): number[] {
  const reg = layout.registers.find((r) => r.index === index);
  if (reg) return reg.target >= 0 ? [reg.target] : [];
  return targetsByHead(layout, index).filter((i) => i !== null);
}

/** Per output head h, the sequence index the regular token at `index` predicts through it (h + 1 regular tokens
 * later), or null where that head has no target there. */
export function targetsByHead(layout: SequenceLayout, index: number): (number | null)[] {
  const regular = layout.kinds.map((k, i) => (k === 1 || k === 2 ? i : -1)).filter((i) => i >= 0);
  const r = regular.indexOf(index);
  return layout.heads.map((head, h) => (r >= 0 && head.weights[index] > 0 && regular[r + h + 1] !== undefined ? regular[r + h + 1] : null));
}

export interface PreviewViewState {
  view: PreviewView;
  /** The token pointed at in Register interleaving (sequence index), echoed as a row in the mask. */
  activeToken: number | null;
  setView(view: Partial<PreviewView>): void;
  setActiveToken(index: number | null): void;
}

export const usePreviewView = create<PreviewViewState>((set) => ({
  view: { method: 'mutor', dMode: 'fixed', d: 2, draw: 0 },
  activeToken: null,
  setView: (view) => set((s) => ({ view: { ...s.view, ...view }, activeToken: null })),
  setActiveToken: (activeToken) => set({ activeToken }),
}));

let examplesCache: { key: string; examples: Example[] } | null = null;

/** previewExamples, remembered for the last task/data settings (every control edit re-renders the panels). */
export function cachedPreviewExamples(config: ExperimentConfig): Example[] {
  const key = JSON.stringify([config.task, config.data, Math.min(PREVIEW_EXAMPLES, config.data.testSize)]);
  if (examplesCache?.key !== key) examplesCache = { key, examples: previewExamples(config) };
  return examplesCache.examples;
}

const quote = (t: PreviewToken) => `‘${t.text}’`;

/** One or two plain sentences about the token at `index` (what the info line under the chips says). */
export function describeToken(p: Preview, index: number): string {
  const t = p.tokens[index];
  const regIndex = p.registerAt.get(index);
  if (regIndex !== undefined) {
    const reg = p.layout.registers[regIndex];
    const src = p.tokens[reg.source];
    const head = `Register ${regIndex + 1} (d = ${reg.offset}) follows ${quote(src)} at position ${src.position}`;
    if (reg.target < 0) {
      return `${head}; d = ${reg.offset} tokens ahead is past the end, so it has no target (its loss is ignored) and its position is clamped to ${t.position}.`;
    }
    const tgt = p.tokens[reg.target];
    return `${head} and predicts ${quote(tgt)} at position ${tgt.position}. It carries position ${t.position}, the one just before its target, so this looks like next-token prediction. No regular token can see it.`;
  }
  const byHead = targetsByHead(p.layout, index);
  const targets = byHead.filter((i) => i !== null).map((i) => p.tokens[i]);
  const where = `${t.kind === 'prompt' ? 'Prompt' : 'Answer'} token ${quote(t)} at position ${t.position}`;
  const explain = methodOf(p.method.kind).describeTargets;
  if (targets.length === 0) {
    return t.kind === 'prompt'
      ? `${where}: prompt tokens see each other in both directions (a bidirectional prefix) and predict nothing.`
      : `${where}: the end of the sequence, nothing left to predict.`;
  }
  if (explain) return `${where}: ${explain(byHead.map((i) => (i === null ? null : quote(p.tokens[i]))))}.`;
  if (targets.length === 1) return `${where} predicts the next token, ${quote(targets[0])}.`;
  return `${where}: its ${targets.length} heads predict ${targets.map(quote).join(' ')} (1 to ${targets.length} tokens ahead).`;
}

/** The info line when no token is pointed at: counts, and training vs inference length. */
export function summarizePreview(p: Preview): string {
  const prompt = p.tokens.filter((t) => t.kind === 'prompt').length;
  const answer = p.tokens.filter((t) => t.kind === 'answer').length;
  return [`${prompt} prompt tokens`, `${answer} answer tokens`, ...methodOf(p.method.kind).describeLayout(p.layout, p.method)].join(' · ');
}

/** The offset live snapshots are laid out with: the one shown in Register interleaving, within the run's 1..largest. */
export function snapshotOffset(largest: number, view: PreviewView, previewD: number): number {
  const d = previewD > 0 ? previewD : view.d;
  return Math.min(Math.max(1, d), Math.max(1, largest));
}
