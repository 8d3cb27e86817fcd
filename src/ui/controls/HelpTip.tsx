import { useId } from 'react';

/** A small "?" that shows its text on hover and on keyboard focus (and reads it to screen readers). */
export function HelpTip({ text, label }: { text: string; label: string }) {
  const id = useId();
  return (
    <span className="help">
      <button type="button" className="help-button" aria-label={`About ${label}`} aria-describedby={id}>
        ?
      </button>
      <span role="tooltip" id={id} className="help-text">
        {text}
      </span>
    </span>
  );
}
