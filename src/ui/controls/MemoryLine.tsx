import { formatBytes } from '../../engine/memoryBudget';
import { useMemoryStore } from '../../state/memoryStore';

/** One line beside the fields that size the GPU memory (model, batch size): the estimate for all runs and the budget. */
export function MemoryLine() {
  const report = useMemoryStore((s) => s.report);
  if (!report) return null;
  return (
    <p className={report.refusal ? 'field-problem' : 'field-note'} data-testid="memory-line">
      GPU memory for these runs: {formatBytes(report.bytes)} of the {formatBytes(report.budget)} budget{report.refusal ? ': too large' : ''}.
    </p>
  );
}
