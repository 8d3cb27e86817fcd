// The user's own data: prompt → answer pairs pasted or dropped on the page (CSV or JSON lines), checked against the
// tokenizer. Its text stays in memory; the experiment (and so the share link) records its name and SHA-256, so a
// link can ask for the same file again. The custom task of src/tasks trains on it.
import { create } from 'zustand';
import type { ExperimentConfig } from '../experiment/schema';
import { currentDataFile, readDataFile, setDataFile, tasks, type DataFile } from '../tasks';
import { useExperimentStore } from './experimentStore';

interface DataFileState {
  file: DataFile | null;
  /** Why the last file or paste could not be used, in one line; null when it could. */
  error: string | null;
  /** Reads, hashes and checks the text; on success the experiment's task becomes the custom task on this file. */
  load(name: string, text: string): Promise<void>;
}

const customTask = Object.values(tasks).find((t) => t.usesDataFile)!;

export const useDataFileStore = create<DataFileState>((set) => ({
  file: null,
  error: null,
  async load(name, text) {
    try {
      const file = await readDataFile(name, text);
      setDataFile(file);
      set({ file, error: null });
      const exp = useExperimentStore.getState();
      exp.setField('task.name', customTask.name);
      exp.setField('data.fileName', file.name);
      exp.setField('data.fileSha256', file.sha256);
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
}));

/** The data file an experiment trains on (undefined for a generated task); throws a readable reason when it is not here. */
export function dataFileFor(experiment: ExperimentConfig): DataFile | undefined {
  if (!tasks[experiment.task.name]?.usesDataFile) return undefined;
  const file = currentDataFile();
  if (!file || file.sha256 !== experiment.data.fileSha256) {
    throw new Error(`this experiment trains on your data file ${experiment.data.fileName || '(unnamed)'} (SHA-256 ${experiment.data.fileSha256.slice(0, 12)}…): paste or drop it under Task first`);
  }
  return file;
}
