// The page's own copy of a task's data files (the Worker fetches its copy): the preview panels build examples from it.
import { useEffect, useState } from 'react';
import { fetchTaskData, missingTaskData } from '../../train/taskData';

/** 'ready' once the task's data files are loaded in the page ('ready' at once for tasks without any). */
export function useTaskData(taskName: string): { ready: boolean; error: string | null } {
  const [state, setState] = useState<{ task: string; error: string | null } | null>(null);
  const missing = missingTaskData(taskName).length > 0;
  useEffect(() => {
    if (!missing) return;
    let live = true;
    fetchTaskData(taskName, document.baseURI).then(
      () => live && setState({ task: taskName, error: null }),
      (e: unknown) => live && setState({ task: taskName, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [taskName, missing]);
  return { ready: !missing, error: state?.task === taskName ? state.error : null };
}
