import { useId, useState } from 'react';
import { checkValue, formatValue, parseText, type Field, type FieldValue } from '../../experiment';
import { isMethodKind, methodOf } from '../../methods/registry';
import { allowedInWords } from './allowedInWords';
import { HelpTip } from './HelpTip';
import { fieldLabel, valueLabel } from './valueLabels';

interface FieldControlProps {
  field: Field;
  value: FieldValue;
  /** Called with values that passed the field's checks only. */
  onCommit(value: FieldValue): void;
  /** Problems naming this field (from a link or a rule between fields). */
  problem?: string;
}

/** One field of the experiment table as the right input: number with bounds, select, checkbox, text or checklist. */
export function FieldControl({ field, value, onCommit, problem }: FieldControlProps) {
  const id = useId();
  const label = fieldLabel(field);
  const allowed = allowedInWords(field);
  const help = allowed ? `${field.help} Allowed: ${allowed}.` : field.help;
  if (field.type === 'bool') {
    return (
      <div className="field field-check" data-field={field.path}>
        <label className="check">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onCommit(e.target.checked)} />
          {label}
        </label>
        <HelpTip text={help} label={label} />
        {problem && <FieldProblem text={problem} />}
      </div>
    );
  }
  if (field.type === 'enumList') {
    return <CheckList field={field} value={value as readonly string[]} onCommit={onCommit} help={help} problem={problem} />;
  }
  return (
    <div className={field.type === 'int' || field.type === 'float' ? 'field field-inline' : 'field'} data-field={field.path}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        <HelpTip text={help} label={label} />
      </div>
      {field.type === 'enum' ? (
        <select id={id} value={String(value)} onChange={(e) => onCommit(e.target.value)}>
          {field.values.map((v) => (
            <option key={v} value={v}>
              {valueLabel(v)}
            </option>
          ))}
        </select>
      ) : (
        <TextishInput id={id} field={field} value={value} onCommit={onCommit} />
      )}
      {problem && <FieldProblem text={problem} />}
    </div>
  );
}

function FieldProblem({ text }: { text: string }) {
  return <p className="field-problem">{text}</p>;
}

/**
 * Number and text fields keep what the user types as a draft: a valid draft is committed at once, an invalid one
 * stays visible with the reason until it is fixed (or Escape restores the current value).
 */
function TextishInput({ id, field, value, onCommit }: { id: string; field: Field; value: FieldValue; onCommit(v: FieldValue): void }) {
  const [draft, setDraft] = useState(() => formatValue(field, value));
  const [shown, setShown] = useState(value);
  const errorId = useId();
  if (shown !== value) {
    // The value changed from elsewhere (a preset, a link): show it, unless the draft already means that value.
    setShown(value);
    const parsed = parseText(field, draft);
    if (!parsed.ok || parsed.value !== value) setDraft(formatValue(field, value));
  }
  const checked = field.type === 'string' ? checkValue(field, draft) : parseText(field, draft.trim());
  const numeric = field.type === 'int' || field.type === 'float';
  return (
    <>
      <input
        id={id}
        type={numeric ? 'number' : 'text'}
        inputMode={numeric ? (field.type === 'int' ? 'numeric' : 'decimal') : undefined}
        min={numeric ? field.min : undefined}
        max={numeric ? field.max : undefined}
        step={field.type === 'int' ? 1 : field.type === 'float' ? 'any' : undefined}
        maxLength={field.type === 'string' ? field.maxLength : undefined}
        value={draft}
        aria-invalid={!checked.ok}
        aria-describedby={!checked.ok ? errorId : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const c = field.type === 'string' ? checkValue(field, e.target.value) : parseText(field, e.target.value.trim());
          if (c.ok && c.value !== value) onCommit(c.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDraft(formatValue(field, value));
        }}
      />
      {!checked.ok && (
        <p className="field-problem" id={errorId}>
          {draft.trim() === '' ? 'Needs a value' : 'Must be'} {allowedInWords(field)}; still using {formatValue(field, value)}.
        </p>
      )}
    </>
  );
}

/** The methods to train: one checkbox each, in the table's order; the last one cannot be unchecked. */
function CheckList({ field, value, onCommit, help, problem }: { field: Field & { type: 'enumList' }; value: readonly string[]; onCommit(v: FieldValue): void; help: string; problem?: string }) {
  const toggle = (v: string, on: boolean) => {
    const next = field.values.filter((x) => (x === v ? on : value.includes(x)));
    if (next.length > 0) onCommit(next);
  };
  return (
    <fieldset className="field field-list" data-field={field.path}>
      <legend className="field-label">
        {field.label}
        <HelpTip text={help} label={field.label} />
      </legend>
      {field.values.map((v) => {
        const on = value.includes(v);
        const color = isMethodKind(v) ? methodOf(v).pageColor : undefined;
        return (
          <label key={v} className="check">
            <input type="checkbox" checked={on} disabled={on && value.length === 1} onChange={(e) => toggle(v, e.target.checked)} />
            {color && <i className="dot" style={{ background: color }} aria-hidden />}
            {valueLabel(v)}
          </label>
        );
      })}
      {problem && <FieldProblem text={problem} />}
    </fieldset>
  );
}
