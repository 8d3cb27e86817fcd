import { useMemo, useState } from 'react';
import { methodOf } from '../../methods/registry';
import { canAttend, TokenKind, tokenKindNames, type TokenKindName } from '../../model/batch';
import { defaultModelConfig } from '../../model/config';
import { useRunsStore, useSelectedRun } from '../../state/runsStore';
import { useIsRestored } from '../../state/savedRuns';
import type { AttentionSnapshot } from '../../train/metrics';
import { attentionFromGrid } from '../../train/snapshots';
import { heatColor, rgbString } from '../charts/colors';
import { Heatmap } from '../charts/Heatmap';
import { Segmented, type SegmentOption } from '../controls/Segmented';
import { attentionWindow, describeCell, type AttentionRegion, type CellToken } from './attentionText';
import { PREVIEW_EXAMPLES, usePreviewView, type Preview } from './layoutPreview';
import { EmptyState, Panel } from './Panel';
import { RunPicker } from './RunPicker';
import { SnapshotStepSelect, useStoredSnapshot } from './storedSnapshots';
import { useLiveOffset } from './useLiveOffset';
import { usePreview } from './usePreview';
import { useSnapshotRequest } from './useSnapshotRequest';

type Mode = 'mask' | 'live';
const MODE_OPTIONS: readonly SegmentOption<Mode>[] = [
  { value: 'mask', label: 'Mask' },
  { value: 'live', label: 'Live attention' },
];
const REGION_OPTIONS: readonly SegmentOption<AttentionRegion>[] = [
  { value: 'answer', label: 'answer region', title: 'The end of the prompt, then answer tokens and registers' },
  { value: 'all', label: 'whole sequence' },
];

/** Allowed cells take the color of the query's kind, so rows read as prompt / answer / register. */
const ALLOWED: Readonly<Record<TokenKindName, string>> = { prompt: '#818cf8', answer: '#0f9f6e', register: '#db2777', pad: '#cbd5e1' };
const BLOCKED = '#ffffff';
const BLOCKED_REGISTER = '#fbe3ef';

/** Who may attend to whom (from the layout), or the attention a trained run actually pays (from a snapshot). */
export function AttentionPanel() {
  const [mode, setMode] = useState<Mode>('mask');
  const [region, setRegion] = useState<AttentionRegion>('answer');
  return (
    <Panel
      id="attention"
      title="Attention"
      testId="attention-panel"
      explain={
        mode === 'mask'
          ? 'Which earlier tokens each token may look at. Registers (pink) see the prompt and the answer so far, but no other token ever sees them.'
          : 'How much each token attends to every other, for one layer and head of the selected run (darker = more).'
      }
    >
      <div className="toolbar">
        <Segmented label="Show" value={mode} options={MODE_OPTIONS} onChange={(m) => setMode(m)} testId="attention-mode" />
        <Segmented label="Tokens" value={region} options={REGION_OPTIONS} onChange={(r) => setRegion(r)} testId="attention-region" />
      </div>
      {mode === 'mask' ? <MaskView region={region} /> : <LiveView region={region} />}
    </Panel>
  );
}

const kindValue = (k: TokenKindName) => tokenKindNames.indexOf(k);

interface MapData {
  tokens: CellToken[];
  kinds: TokenKindName[];
  labels: string[];
  colors: string[];
  /** Index of the first shown token in the sequence. */
  start: number;
}

/** Colors of the window [start, end): allowed by query kind, blocked white (tinted in register rows and columns). */
function windowColors(kinds: readonly TokenKindName[], start: number, end: number, probAt?: (q: number, k: number) => number): string[] {
  const values = kinds.map(kindValue);
  const n = end - start;
  const colors = new Array<string>(n * n);
  for (let q = start; q < end; q++) {
    for (let k = start; k < end; k++) {
      const allowed = canAttend(values, 0, q, k);
      const p = probAt?.(q, k) ?? 0;
      let color: string;
      if (probAt && (allowed || p > 0)) color = rgbString(heatColor(p));
      else if (allowed) color = ALLOWED[kinds[q]];
      else color = values[q] === TokenKind.register || values[k] === TokenKind.register ? BLOCKED_REGISTER : BLOCKED;
      colors[(q - start) * n + (k - start)] = color;
    }
  }
  return colors;
}

function maskData(p: Preview, region: AttentionRegion): MapData {
  const kinds = p.tokens.map((t) => t.kind);
  const { start, end } = attentionWindow(kinds, region);
  const shown = p.tokens.slice(start, end);
  return {
    tokens: shown.map((t) => ({ index: t.index, text: t.text, kind: t.kind, position: t.position })),
    kinds: kinds.slice(start, end),
    labels: shown.map((t) => t.text),
    colors: windowColors(kinds, start, end),
    start,
  };
}

function liveData(s: AttentionSnapshot, region: AttentionRegion): MapData {
  const n = s.tokens.length;
  const { start, end } = attentionWindow(s.kinds, region);
  return {
    tokens: s.tokens.slice(start, end).map((text, i) => ({ index: start + i, text, kind: s.kinds[start + i] })),
    kinds: s.kinds.slice(start, end),
    labels: s.tokens.slice(start, end),
    colors: windowColors(s.kinds, start, end, (q, k) => s.probs[q * n + k]),
    start,
  };
}

function windowNote(data: MapData, total: number): string {
  const end = data.start + data.tokens.length;
  return data.start === 0 && end === total ? `all ${total} tokens` : `tokens ${data.start}–${end - 1} of ${total}`;
}

function MaskView({ region }: { region: AttentionRegion }) {
  const { result } = usePreview();
  const active = usePreviewView((s) => s.activeToken);
  const preview = result.ok ? result.preview : null;
  const data = useMemo(() => (preview ? maskData(preview, region) : null), [preview, region]);
  if (!result.ok || !data || !preview) return <p className="note note-warn">Cannot lay out an example: {result.ok ? '' : result.error}</p>;
  const { label, offsets } = methodOf(preview.method.kind);
  const layoutName = offsets ? `${label}, d = ${preview.d}` : label;
  return (
    <>
      <p className="panel-sub">
        Example {preview.exampleIndex + 1} as laid out in Register interleaving ({layoutName}): {windowNote(data, preview.tokens.length)}.
      </p>
      <Heatmap
        n={data.tokens.length}
        kinds={data.kinds}
        labels={data.labels}
        colors={data.colors}
        describe={(q, k) => describeCell(data.tokens[q], data.tokens[k])}
        highlightRow={active === null ? null : active - data.start}
        ariaLabel={`Attention mask, ${windowNote(data, preview.tokens.length)}`}
        testId="mask-heatmap"
      />
      <ul className="legend" aria-label="Legend">
        <li>
          can attend, by the looking token:
          <span className="swatch" style={{ background: ALLOWED.prompt }} title="prompt" /> prompt
          <span className="swatch" style={{ background: ALLOWED.answer }} title="answer" /> answer
          <span className="swatch" style={{ background: ALLOWED.register }} title="register" /> register
        </li>
        <li>
          <span className="swatch swatch-outline" style={{ background: BLOCKED }} /> blocked
        </li>
        <li>
          <span className="swatch" style={{ background: BLOCKED_REGISTER }} /> blocked, register row or column
        </li>
      </ul>
    </>
  );
}

function LiveView({ region }: { region: AttentionRegion }) {
  const run = useSelectedRun();
  const selection = useRunsStore((s) => s.selection);
  const select = useRunsStore((s) => s.select);
  const requestAttention = useRunsStore((s) => s.controls.requestAttention);
  // A gallery run carries every layer and head at a few steps: the selected one is read from those.
  const stored = useStoredSnapshot(run);
  const storedGrid = stored?.snapshot.attention;
  const storedAttention = useMemo(() => (storedGrid ? attentionFromGrid(storedGrid, selection.layer, selection.head) : null), [storedGrid, selection.layer, selection.head]);
  const snapshot = storedAttention ?? run?.attention ?? null;
  const data = useMemo(() => (snapshot ? liveData(snapshot, region) : null), [snapshot, region]);
  const shape = run?.modelShape ?? { nLayers: defaultModelConfig.nLayers, nHeads: defaultModelConfig.nHeads };
  const d = useLiveOffset(run);
  const saved = useIsRestored(run?.id);
  // A saved run has no model on this page: it shows the last snapshot it was saved with.
  const ready = run !== null && !saved && run.status !== 'starting' && run.status !== 'error';
  const { example, layer, head } = selection;
  // A new snapshot for every new selection, and after every evaluation (the model has changed).
  const requestError = useSnapshotRequest(
    JSON.stringify([run?.id, example, layer, head, d, run?.evals.length, ready]),
    run && ready && requestAttention ? () => requestAttention(run.id, example, layer, head, d) : null,
  );
  if (!run) {
    return (
      <EmptyState title="Start a run to see live attention." testId="attention-empty">
        The map then shows one layer and head of the trained model on a test example, next to the mask it must obey.
      </EmptyState>
    );
  }
  const stale = snapshot && !stored && (snapshot.layer !== selection.layer || snapshot.head !== selection.head || snapshot.example !== selection.example);
  return (
    <>
      <div className="toolbar">
        <RunPicker />
        <NumberSelect label="Layer" value={selection.layer} count={shape.nLayers} onChange={(layer) => select({ layer })} />
        <NumberSelect label="Head" value={selection.head} count={shape.nHeads} onChange={(head) => select({ head })} />
        {stored ? (
          <SnapshotStepSelect stored={stored} testId="attention-step" />
        ) : (
          <NumberSelect label="Example" value={selection.example} count={PREVIEW_EXAMPLES} onChange={(example) => select({ example })} />
        )}
      </div>
      {requestError && <p className="note note-warn">Could not fetch attention: {requestError}</p>}
      {saved && stored && storedGrid && (
        <p className="note" data-testid="attention-saved-note">
          {run.label} was not trained on this page: this is its attention on test example {storedGrid.example + 1}
          {storedGrid.d > 0 ? ` (registers at d = ${storedGrid.d})` : ''} at step {stored.snapshot.step}, saved with it for every layer and head at steps {stored.steps.join(', ')}.
        </p>
      )}
      {saved && !stored && (
        <p className="note" data-testid="attention-saved-note">
          {run.label} is a saved run: its model is not on this page,{' '}
          {snapshot
            ? `so this is the last snapshot saved with it (layer ${snapshot.layer + 1}, head ${snapshot.head + 1}, example ${snapshot.example + 1}). Train again to explore other layers and heads.`
            : 'and no attention snapshot was saved with it. Train again to see live attention.'}
        </p>
      )}
      {!snapshot || !data ? (
        saved ? null : <EmptyState title={`Waiting for ${run.label}'s first attention snapshot.`}>
          {requestAttention ? 'It is computed on the GPU for the selected example, layer and head.' : 'This page has no way to ask the trainer for one yet.'}
        </EmptyState>
      ) : (
        <>
          {stale && !saved && (
            <p className="note">
              Showing layer {snapshot.layer + 1}, head {snapshot.head + 1}, example {snapshot.example + 1} while the selected one is computed…
            </p>
          )}
          <Heatmap
            n={data.tokens.length}
            kinds={data.kinds}
            labels={data.labels}
            colors={data.colors}
            describe={(q, k) => describeCell(data.tokens[q], data.tokens[k], snapshot.probs[(data.start + q) * snapshot.tokens.length + data.start + k])}
            ariaLabel={`Attention of layer ${snapshot.layer + 1}, head ${snapshot.head + 1}`}
            testId="live-heatmap"
          />
          <div className="legend">
            <span>0%</span>
            <span className="ramp" aria-hidden />
            <span>100%</span>
            <span className="legend-note">share of each row&apos;s attention, on a square-root scale so faint attention shows</span>
          </div>
        </>
      )}
    </>
  );
}

function NumberSelect({ label, value, count, onChange }: { label: string; value: number; count: number; onChange(v: number): void }) {
  return (
    <label className="select-field">
      <span className="segmented-label">{label}</span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i + 1}
          </option>
        ))}
      </select>
    </label>
  );
}
