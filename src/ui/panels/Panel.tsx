import type { ReactNode } from 'react';

interface PanelProps {
  /** Used for the heading's id (aria-labelledby). */
  id: string;
  title: string;
  /** One plain sentence: what the panel shows. */
  explain: ReactNode;
  testId: string;
  /** Controls at the right of the heading (toggles, selectors). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A card with a heading, a one-line explanation and optional heading controls. */
export function Panel({ id, title, explain, testId, actions, className, children }: PanelProps) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="panel-head">
        <div className="panel-titles">
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="panel-explain">{explain}</p>
        </div>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** What a live panel shows before there is anything to show: says what will appear and how to get it. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children && <p className="empty-help">{children}</p>}
    </div>
  );
}
