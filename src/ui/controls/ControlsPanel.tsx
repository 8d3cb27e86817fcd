import { useEffect, useRef, useState } from 'react';
import { encodeLink, fieldsFor, getPath, presets, type Field, type FieldGroup, type FieldPath, type FieldValue, type Problem } from '../../experiment';
import { tasks } from '../../tasks';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { FieldControl } from './FieldControl';
import { ModelFilePicker } from './ModelFilePicker';
import { DataFilePicker } from './DataFilePicker';
import { MemoryEstimate } from './MemoryEstimate';
import { MemoryLine } from './MemoryLine';
import { ScratchModelNote } from './ScratchModelNote';

const GROUPS: readonly { group: FieldGroup; title: string; open: boolean }[] = [
  { group: 'task', title: 'Task and data', open: true },
  { group: 'method', title: 'Methods', open: true },
  { group: 'model', title: 'Model', open: true },
  { group: 'lora', title: 'LoRA', open: false },
  { group: 'optimizer', title: 'Optimizer', open: false },
  { group: 'run', title: 'Run', open: true },
];

/** What copying the share link did: the full URL, and whether it reached the clipboard. */
export interface CopyResult {
  copied: boolean;
  url: string;
}

interface ControlsPanelProps {
  /** Copies the share link of the current experiment (given the body after '#'). */
  onCopyLink(link: string): Promise<CopyResult> | CopyResult;
}

/** Fields set by choosing a file (DataFilePicker, ModelFilePicker), not typed: they travel in the link. */
const PICKED: ReadonlySet<string> = new Set<FieldPath>(['data.fileName', 'data.fileSha256', 'model.fileName', 'model.fileSha256']);

/** The experiment's settings, generated from the field table: grouped, with help, bounds and presets. */
export function ControlsPanel({ onCopyLink }: ControlsPanelProps) {
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const linkProblems = useExperimentStore((s) => s.linkProblems);
  const setField = useExperimentStore((s) => s.setField);
  const fields = fieldsFor(config.task.name).filter((f) => (!f.visibleWhen || f.visibleWhen(config)) && !PICKED.has(f.path));
  const onDataFile = tasks[config.task.name]?.usesDataFile === true;
  const problemOf = problemsByField([...issues.map((p) => ({ ...p, message: issueText(p) })), ...linkProblems]);
  return (
    <section className="controls" aria-labelledby="controls-title" data-testid="controls-panel">
      <CopyLink onCopy={() => onCopyLink(encodeLink(config))} />
      <PresetPicker />
      <MemoryEstimate />
      {GROUPS.map(({ group, title, open }) => {
        const inGroup = fields.filter((f) => f.group === group);
        if (inGroup.length === 0) return null;
        return (
          <details key={group} className="control-group" open={open} data-group={group}>
            <summary>{title}</summary>
            <div className="control-fields">
              {inGroup.map((f) => (
                <FieldControl
                  key={`${config.task.name}:${f.key}`}
                  field={f}
                  value={getPath(config, f.path) as FieldValue}
                  onCommit={(v) => setField(f.path, v)}
                  problem={problemOf(f)}
                />
              ))}
              {group === 'task' && onDataFile && <DataFilePicker />}
              {group === 'model' && config.model.id === 'file' && <ModelFilePicker />}
              {group === 'model' && config.model.id === 'scratch' && <ScratchModelNote size={config.model.scratch} />}
              {(group === 'model' || group === 'lora' || group === 'optimizer') && <MemoryLine />}
            </div>
          </details>
        );
      })}
    </section>
  );
}

/** The message of the first problem naming each field (knob conflicts name 'task.knobs': shown on every knob). */
function problemsByField(problems: readonly Problem[]): (f: Field) => string | undefined {
  return (f) => problems.find((p) => p.field === f.path || (p.field === 'task.knobs' && f.path.startsWith('task.knobs.')))?.message;
}

function PresetPicker() {
  const config = useExperimentStore((s) => s.config);
  const setConfig = useExperimentStore((s) => s.setConfig);
  const link = encodeLink(config);
  const current = presets.find((p) => encodeLink(p.config) === link);
  return (
    <div className="field preset">
      <label htmlFor="preset-select" className="field-label">
        Preset
      </label>
      <select
        id="preset-select"
        value={current?.id ?? ''}
        onChange={(e) => {
          const p = presets.find((x) => x.id === e.target.value);
          if (p) setConfig(p.config);
        }}
        data-testid="preset-select"
      >
        <option value="" disabled>
          Custom settings
        </option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      {current && <p className="field-note">{current.description}</p>}
    </div>
  );
}

/**
 * The heading with "Copy link": copies the full URL (with the settings in its fragment) and says so; where the
 * clipboard is unavailable or refused, shows the URL in a selected text field to copy by hand.
 */
function CopyLink({ onCopy }: { onCopy(): Promise<CopyResult> | CopyResult }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string }>({ kind: 'idle' });
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.kind === 'manual') field.current?.select();
    if (state.kind !== 'copied') return;
    const t = window.setTimeout(() => setState({ kind: 'idle' }), 2500);
    return () => window.clearTimeout(t);
  }, [state]);
  const click = async () => {
    let result: CopyResult;
    try {
      result = await onCopy();
    } catch {
      result = { copied: false, url: window.location.href };
    }
    setState(result.copied ? { kind: 'copied' } : { kind: 'manual', url: result.url });
  };
  return (
    <>
      <div className="controls-head">
        <h2 id="controls-title">Experiment</h2>
        <button type="button" className="small" onClick={() => void click()} title="Copy a link that opens this page with these settings" data-testid="copy-link">
          {state.kind === 'copied' ? 'Link copied ✓' : 'Copy link'}
        </button>
      </div>
      <p className="copy-confirm" role="status" data-testid="copy-link-status">
        {state.kind === 'copied' ? 'The link to these settings is on your clipboard.' : ''}
      </p>
      {state.kind === 'manual' && (
        <div className="copy-fallback" data-testid="copy-link-fallback">
          <div className="copy-fallback-row">
            <label htmlFor="copy-link-field">The browser did not let the page copy. Copy this link:</label>
            <button type="button" className="small" onClick={() => setState({ kind: 'idle' })} aria-label="Close the link field">
              Close
            </button>
          </div>
          <input id="copy-link-field" ref={field} type="text" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} data-testid="copy-link-field" />
        </div>
      )}
    </>
  );
}
