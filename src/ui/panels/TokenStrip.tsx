import { useRef, type KeyboardEvent } from 'react';
import { predictedBy, type Preview } from './layoutPreview';

interface TokenStripProps {
  preview: Preview;
  /** The chip pointed at (hover or keyboard focus), or null. */
  active: number | null;
  onActive(index: number | null): void;
}

/**
 * The sequence as wrapped chips colored by kind; registers show d, their position id and their target. Pointing at
 * a register lights up its source and target. Chips that predict something are reachable with Tab (one stop) and
 * the arrow keys (registers when there are any, otherwise the tokens with a target).
 */
export function TokenStrip({ preview, active, onActive }: TokenStripProps) {
  const refs = useRef<(HTMLSpanElement | null)[]>([]);
  const { layout, tokens } = preview;
  const hasRegisters = layout.registers.length > 0;
  const stops = hasRegisters ? layout.registers.map((r) => r.index) : tokens.map((t) => t.index).filter((i) => predictedBy(layout, i).length > 0);
  const stopSet = new Set(stops);
  const tabStop = active !== null && stopSet.has(active) ? active : stops[0];

  let source = -1;
  let targets: number[] = [];
  if (active !== null) {
    const reg = layout.registers.find((r) => r.index === active);
    if (reg) source = reg.source;
    targets = predictedBy(layout, active);
  }

  const onKeyDown = (e: KeyboardEvent<HTMLSpanElement>, index: number) => {
    const at = stops.indexOf(index);
    let next: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(stops.length - 1, at + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = stops.length - 1;
    else if (e.key === 'Escape') {
      onActive(null);
      return;
    } else return;
    e.preventDefault();
    refs.current[stops[next]]?.focus();
  };

  return (
    <div className="token-strip" role="list" aria-label="Training sequence" onMouseLeave={() => onActive(null)} data-testid="token-strip">
      {tokens.map((t) => {
        const regIndex = preview.registerAt.get(t.index);
        const reg = regIndex !== undefined ? layout.registers[regIndex] : null;
        const classes = ['chip', `chip-${t.kind}`];
        if (t.index === active) classes.push('chip-active');
        if (t.index === source) classes.push('chip-source');
        if (targets.includes(t.index)) classes.push('chip-target');
        if (reg && reg.target < 0) classes.push('chip-void');
        const focusable = stopSet.has(t.index);
        const targetText = reg ? (reg.target >= 0 ? tokens[reg.target].text : '∅') : null;
        const label = reg
          ? `register ${regIndex! + 1}, d ${reg.offset}, position ${t.position}, ${reg.target >= 0 ? `predicts ${targetText}` : 'no target'}`
          : `${t.kind} token ${t.text}, position ${t.position}`;
        return (
          <span
            key={t.index}
            ref={(el) => {
              refs.current[t.index] = el;
            }}
            role="listitem"
            className={classes.join(' ')}
            tabIndex={focusable ? (t.index === tabStop ? 0 : -1) : undefined}
            aria-label={label}
            data-kind={t.kind}
            onMouseEnter={() => onActive(t.index)}
            onFocus={() => onActive(t.index)}
            onBlur={() => onActive(null)}
            onKeyDown={focusable ? (e) => onKeyDown(e, t.index) : undefined}
          >
            {reg ? (
              <>
                <span className="chip-main">
                  R<sub>{reg.offset}</sub>
                </span>
                <span className="chip-pos">{t.position}</span>
                <span className="chip-aim">→{targetText}</span>
              </>
            ) : (
              <>
                <span className="chip-main">{t.text}</span>
                <span className="chip-pos">{t.position}</span>
              </>
            )}
          </span>
        );
      })}
    </div>
  );
}
