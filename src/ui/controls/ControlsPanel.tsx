import { useState } from 'react';
import { encodeLink, fieldsFor, getPath, presets, type Field, type FieldGroup, type FieldValue, type Problem } from '../../experiment';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { FieldControl } from './FieldControl';

const GROUPS: readonly { group: FieldGroup; title: string; open: boolean }[] = [
  { group: 'task', title: 'Task and data', open: true },
  { group: 'method', title: 'Methods', open: true },
  { group: 'model', title: 'Model', open: true },
  { group: 'optimizer', title: 'Optimizer', open: false },
  { group: 'run', title: 'Run', open: true },
];

interface ControlsPanelProps {
  /** Copies the share link of the current experiment (the body after '#'); resolves true when it was copied. */
  onCopyLink(link: string): Promise<boolean> | boolean | void;
}

/** The experiment's settings, generated from the field table: grouped, with help, bounds and presets. */
export function ControlsPanel({ onCopyLink }: ControlsPanelProps) {
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const linkProblems = useExperimentStore((s) => s.linkProblems);
  const setField = useExperimentStore((s) => s.setField);
  const fields = fieldsFor(config.task.name).filter((f) => !f.visibleWhen || f.visibleWhen(config));
  const problemOf = problemsByField([...issues.map((p) => ({ ...p, message: issueText(p) })), ...linkProblems]);
  return (
    <section className="controls" aria-labelledby="controls-title" data-testid="controls-panel">
      <div className="controls-head">
        <h2 id="controls-title">Experiment</h2>
        <CopyLinkButton onCopy={() => onCopyLink(encodeLink(config))} />
      </div>
      <PresetPicker />
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

function CopyLinkButton({ onCopy }: { onCopy(): Promise<boolean> | boolean | void }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const click = async () => {
    let ok: boolean | void;
    try {
      ok = await onCopy();
    } catch {
      ok = false;
    }
    setState(ok === false ? 'failed' : 'copied');
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className="small" onClick={() => void click()} title="Copy a link that opens this page with these settings" data-testid="copy-link">
      <span aria-live="polite">{state === 'copied' ? 'Link copied ✓' : state === 'failed' ? 'Copy failed: see the address bar' : 'Copy link'}</span>
    </button>
  );
}
