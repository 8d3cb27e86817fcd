import { useId } from 'react';

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
  /** Tooltip. */
  title?: string;
  /** Drawn muted (e.g. an offset training never draws); still selectable. */
  dim?: boolean;
}

interface SegmentedProps<T extends string> {
  label: string;
  /** Hide the label visually (kept for screen readers). */
  hideLabel?: boolean;
  value: T;
  options: readonly SegmentOption<T>[];
  onChange(value: T): void;
  testId?: string;
}

/** A row of mutually exclusive buttons: native radios underneath, so arrow keys move the choice. */
export function Segmented<T extends string>({ label, hideLabel, value, options, onChange, testId }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className="segmented" data-testid={testId}>
      <legend className={hideLabel ? 'sr-only' : 'segmented-label'}>{label}</legend>
      <div className="segmented-options">
        {options.map((o) => (
          <label key={o.value} className={`segment${o.dim ? ' segment-dim' : ''}`} title={o.title}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
