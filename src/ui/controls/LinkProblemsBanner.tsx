import { useExperimentStore } from '../../state/experimentStore';

/** What in the opened link could not be used (each message names the field and what was used instead); dismissible. */
export function LinkProblemsBanner() {
  const problems = useExperimentStore((s) => s.linkProblems);
  const unread = useExperimentStore((s) => s.linkUnread);
  const dismiss = useExperimentStore((s) => s.dismissLinkProblems);
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="link-problems">
      <div className="banner-row">
        <strong>
          {unread
            ? 'The link could not be used; the page shows its starting experiment.'
            : `${problems.length === 1 ? 'One setting in the link' : `${problems.length} settings in the link`} could not be used.`}
        </strong>
        <button type="button" className="small" onClick={dismiss} aria-label="Dismiss link problems">
          Dismiss
        </button>
      </div>
      <ul className="banner-list">
        {problems.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}
