import { useMemo } from 'react';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { useRunsStore } from '../../state/runsStore';
import { cachedPreviewExamples, computePreview, usePreviewView, type PreviewResult } from './layoutPreview';
import { useTaskData } from './useTaskData';

/** The sequence both pure panels show: current experiment, selected example, the preview view's method and d. */
export function usePreview(): { result: PreviewResult; exampleCount: number } {
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const view = usePreviewView((s) => s.view);
  const example = useRunsStore((s) => s.selection.example);
  const data = useTaskData(config.task.name);
  return useMemo(() => {
    if (!data.ready) return { result: { ok: false, error: data.error ?? 'loading the images…' }, exampleCount: 0 };
    if (issues.length > 0) {
      return { result: { ok: false, error: `fix the Experiment settings first (${issues.map(issueText).join('; ')}).` }, exampleCount: 0 };
    }
    try {
      const examples = cachedPreviewExamples(config);
      return { result: computePreview(examples, config, view, example), exampleCount: examples.length };
    } catch (e) {
      return { result: { ok: false, error: e instanceof Error ? e.message : String(e) }, exampleCount: 0 };
    }
  }, [config, issues, view, example, data]);
}
