interface ExampleStepperProps {
  value: number;
  count: number;
  onChange(index: number): void;
}

/** "‹ Example 3 of 12 ›": picks one of the held-out examples the panels show. */
export function ExampleStepper({ value, count, onChange }: ExampleStepperProps) {
  const shown = Math.min(value, Math.max(0, count - 1));
  return (
    <div className="stepper" role="group" aria-label="Test example">
      <span className="segmented-label">Example</span>
      <div className="stepper-row">
        <button type="button" className="icon" aria-label="Previous example" disabled={shown <= 0} onClick={() => onChange(shown - 1)}>
          ‹
        </button>
        <span className="stepper-value" aria-live="polite">
          {count === 0 ? '—' : `${shown + 1} of ${count}`}
        </span>
        <button type="button" className="icon" aria-label="Next example" disabled={shown >= count - 1} onClick={() => onChange(shown + 1)}>
          ›
        </button>
      </div>
    </div>
  );
}
