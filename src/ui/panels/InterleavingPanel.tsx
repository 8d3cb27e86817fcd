import { useEffect } from 'react';
import { METHOD_KINDS, methodConfig, methodOf } from '../../methods/registry';
import { useExperimentStore } from '../../state/experimentStore';
import { useRunsStore } from '../../state/runsStore';
import { Segmented } from '../controls/Segmented';
import { ExampleStepper } from './ExampleStepper';
import { describeToken, summarizePreview, usePreviewView, type Preview } from './layoutPreview';
import { Panel } from './Panel';
import { PlacementControl } from './PlacementControl';
import { ImageLayout } from './ImageLayout';
import { TokenStrip } from './TokenStrip';
import { usePreview } from './usePreview';


/** One test example laid out as the chosen method trains on it: its inputs, positions and targets (MuToR: registers with their offsets). */
export function InterleavingPanel() {
  const { result, exampleCount } = usePreview();
  const active = usePreviewView((s) => s.activeToken);
  const setActive = usePreviewView((s) => s.setActiveToken);
  return (
    <Panel
      id="interleave"
      title="Register interleaving"
      testId="interleaving-panel"
      explain={
        <>
          A test example as the chosen method trains on it. MuToR: a register <b>R</b> before each answer token predicts the
          token <i>d</i> steps ahead, and no regular token can see it; MuToR-2D (images): the register after a pixel predicts
          the pixel <i>d_h</i> − 1 rows down and <i>d_w</i> − 1 columns right; teacherless: dummies ⟨$⟩ replace the
          answer&apos;s inputs; DeepSeek MTP: module <i>k</i> predicts the token <i>k</i> + 1 ahead from the module before it.
          Point at a token (or a pixel).
        </>
      }
    >
      <InterleavingToolbar preview={result.ok ? result.preview : null} exampleCount={exampleCount} />
      {result.ok ? (
        <>
          {result.preview.example.grid && <ImageLayout preview={result.preview} grid={result.preview.example.grid} active={active} onActive={setActive} />}
          <TokenStrip preview={result.preview} active={active} onActive={setActive} />
          <p className="info-line" aria-live="polite" data-testid="token-info">
            {active !== null && active < result.preview.tokens.length ? describeToken(result.preview, active) : summarizePreview(result.preview)}
          </p>
          {result.preview.tokens.length > result.preview.maxLen && (
            <p className="note note-warn">
              This training sequence has {result.preview.tokens.length} tokens, more than the model&apos;s {result.preview.maxLen} positions.
            </p>
          )}
          <KindLegend preview={result.preview} />
        </>
      ) : (
        <p className="note note-warn" role="status">Cannot lay out an example: {result.error}</p>
      )}
    </Panel>
  );
}

function InterleavingToolbar({ preview, exampleCount }: { preview: Preview | null; exampleCount: number }) {
  const view = usePreviewView((s) => s.view);
  const setView = usePreviewView((s) => s.setView);
  const method = useExperimentStore((s) => s.config.method);
  const example = useRunsStore((s) => s.selection.example);
  const select = useRunsStore((s) => s.select);
  const runs = useExperimentStore((s) => s.config.runs.join(','));
  // When the methods change (a preset, a link) and none of them is the one shown, show the first that takes an
  // offset: the MuToR-2D preset opens on MuToR-2D's layout. A method chosen here stays until the methods change.
  useEffect(() => {
    const { view: now, setView: set } = usePreviewView.getState();
    const kinds = useExperimentStore.getState().config.runs;
    const lookingAhead = kinds.find((m) => methodOf(m).offsets);
    if (lookingAhead && !kinds.includes(now.method)) set({ method: lookingAhead });
  }, [runs]);
  const shown = methodOf(view.method);
  const knobs = methodConfig(view.method, method);
  const maxOffset = shown.offsets?.max(knobs) ?? 1;
  const below = (d: number) => shown.knobs.includes('dMin') && d < method.dMin;
  const dOptions = Array.from({ length: maxOffset }, (_, i) => ({
    value: String(i + 1),
    label: shown.offsetLabel?.(i + 1, knobs) ?? String(i + 1),
    dim: below(i + 1),
    title: below(i + 1) ? `Training draws d from ${method.dMin} to ${method.dMax}` : undefined,
  }));
  return (
    <div className="toolbar">
      <Segmented
        label="Method"
        value={view.method}
        options={METHOD_KINDS.map((m) => ({ value: m, label: methodOf(m).label }))}
        onChange={(m) => setView({ method: m })}
        testId="preview-method"
      />
      <ExampleStepper value={example} count={exampleCount} onChange={(i) => select({ example: i })} />
      {methodOf(view.method).offsets && (
        <>
          <Segmented
            label={shown.offsetLabel ? 'Offset (d_h, d_w)' : 'Offset d'}
            value={view.dMode === 'random' ? 'random' : String(Math.min(view.d, maxOffset))}
            options={[...dOptions, { value: 'random', label: 'random', title: 'Draw the offset per sequence, as training does' }]}
            onChange={(v) => (v === 'random' ? setView({ dMode: 'random', draw: view.draw + 1 }) : setView({ dMode: 'fixed', d: Number(v) }))}
            testId="preview-d"
          />
          {view.dMode === 'random' && (
            <button type="button" className="small" onClick={() => setView({ draw: view.draw + 1 })}>
              Draw again{preview ? ` (${shown.offsetLabel ? shown.offsetLabel(preview.d, knobs) : `d = ${preview.d}`})` : ''}
            </button>
          )}
          <PlacementControl onRedraw={() => setView({ draw: view.draw + 1 })} />
        </>
      )}
    </div>
  );
}

function KindLegend({ preview }: { preview: Preview }) {
  const hasRegisters = preview.layout.registers.length > 0;
  return (
    <ul className="legend" aria-label="Legend">
      <li><span className="swatch chip-prompt" /> prompt</li>
      <li><span className="swatch chip-answer" /> answer</li>
      {hasRegisters && (
        <li>
          <span className="swatch chip-register" />
          <span>
            register: R<sub>d</sub>, position id, → target
          </span>
        </li>
      )}
      <li><span className="swatch swatch-target" /> predicted token</li>
      {hasRegisters && <li><span className="swatch swatch-source" /> register&apos;s source token</li>}
      <li className="legend-note">small numbers: position ids</li>
    </ul>
  );
}
