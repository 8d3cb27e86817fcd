// The user's own base model: an ONNX file of our architecture chosen on the page. Its bytes stay in memory; the
// experiment (and so the share link) records its name and SHA-256, so a link can ask for the same file again.
import { create } from 'zustand';
import { readExportConfig } from '../onnx/import';
import type { ExperimentConfig } from '../experiment/schema';
import { checkVocabulary } from '../tasks/tokenizer';
import { sha256Hex } from '../util/sha256';
import { useExperimentStore } from './experimentStore';

export interface ModelFile {
  name: string;
  sha256: string;
  bytes: Uint8Array;
  /** e.g. "4 layers, d_model 64, 4 heads". */
  summary: string;
}

interface ModelFileState {
  file: ModelFile | null;
  error: string | null;
  /** Reads, hashes and checks a file; on success the experiment's model becomes this file. */
  load(file: File): Promise<void>;
}

export const useModelFileStore = create<ModelFileState>((set) => ({
  file: null,
  error: null,
  async load(file) {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const config = readExportConfig(bytes);
      checkVocabulary(config.vocabSize, 'the model');
      const name = file.name.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 120) || 'model.onnx';
      const sha256 = await sha256Hex(bytes);
      set({ file: { name, sha256, bytes, summary: `${config.nLayers} layers, d_model ${config.dModel}, ${config.nHeads} heads, maxLen ${config.maxLen}` }, error: null });
      const exp = useExperimentStore.getState();
      exp.setField('model.id', 'file');
      exp.setField('model.fileName', name);
      exp.setField('model.fileSha256', sha256);
    } catch (e) {
      set({ error: `${file.name} was not loaded: ${e instanceof Error ? e.message : String(e)}.` });
    }
  },
}));

/** The bytes an experiment needs from the user's file, or a readable reason why they are not here. */
export function modelFileBytesFor(experiment: ExperimentConfig): Uint8Array | undefined {
  if (experiment.model.id !== 'file') return undefined;
  const file = useModelFileStore.getState().file;
  if (!file || file.sha256 !== experiment.model.fileSha256) {
    throw new Error(`this experiment starts from your file ${experiment.model.fileName || '(unnamed)'} (SHA-256 ${experiment.model.fileSha256.slice(0, 12)}…): choose that file under Model first`);
  }
  return file.bytes;
}
