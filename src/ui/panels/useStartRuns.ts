import type { ExperimentConfig } from '../../experiment';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';
import { methodOf } from '../../methods/registry';
import { useMemoryStore } from '../../state/memoryStore';
import { useRunsStore, type RunControls } from '../../state/runsStore';
import { useStartStore } from '../../state/startStore';
import type { PreparationCounts } from '../../gpu/preparation';

export const NOT_WIRED = 'Training is not connected on this page yet';

export interface StartRuns {
  /** "NTP vs MuToR": the methods the button trains. */
  methods: string;
  /** Why training cannot start now (no GPU yet, settings to fix, already starting); null when it can. */
  blocked: string | null;
  starting: boolean;
  /** While starting: the runs' pipelines compiled and matmul classes timed so far; null before the first report. */
  preparing: PreparationCounts | null;
  error: string | null;
  setError(message: string | null): void;
  /** Starts every method of the current experiment; failures land in `error`. */
  start(): void;
}

/** The Train button's state and action (the Runs panel's and the share-link banner's). */
export function useStartRuns(given?: RunControls): StartRuns {
  const registered = useRunsStore((s) => s.controls);
  const controls = given ?? registered;
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const gpu = useGpuStore((s) => s.status);
  const { starting, preparing, error } = useStartStore();
  const memoryRefusal = useMemoryStore((s) => s.report?.refusal ?? null);
  const blocked = !controls.start
    ? NOT_WIRED
    : gpu !== 'ready'
      ? gpu === 'checking' ? 'Waiting for the GPU…' : 'Training needs WebGPU (see the message at the top)'
      : issues.length > 0
        ? `Fix the settings first: ${issues.map(issueText).join('; ')}`
        : memoryRefusal
          ? `Too large for the GPU: ${memoryRefusal}`
          : starting
            ? 'Starting…'
            : null;
  return {
    methods: methodsText(config),
    blocked,
    starting,
    preparing,
    error,
    setError: (message) => useStartStore.setState({ error: message }),
    start() {
      useStartStore.setState({ starting: true, preparing: null, error: null });
      Promise.resolve()
        .then(() => controls.start?.(config))
        .catch((e: unknown) => useStartStore.setState({ error: `Could not start: ${e instanceof Error ? e.message : String(e)}` }))
        .finally(() => useStartStore.setState({ starting: false, preparing: null }));
    },
  };
}

export function methodsText(config: ExperimentConfig): string {
  return config.runs.map((m) => methodOf(m).label).join(' vs ');
}
