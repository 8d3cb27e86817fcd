import { useEffect, useId, useState } from 'react';

/**
 * A small "?" that shows its text on hover and on keyboard focus (and reads it to screen readers). Escape closes it
 * (it may cover the fields below) until the pointer or focus leaves it.
 */
export function HelpTip({ text, label }: { text: string; label: string }) {
  const id = useId();
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setClosed(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const reopen = () => setClosed(false);
  return (
    <span className={closed ? 'help help-closed' : 'help'} onMouseLeave={reopen} onBlur={reopen}>
      <button type="button" className="help-button" aria-label={`About ${label}`} aria-describedby={id}>
        ?
      </button>
      <span role="tooltip" id={id} className="help-text">
        {text}
      </span>
    </span>
  );
}
