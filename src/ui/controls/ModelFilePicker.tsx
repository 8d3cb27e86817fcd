import { useModelFileStore } from '../../state/modelFileStore';
import { useExperimentStore } from '../../state/experimentStore';
import { fileDropHandlers } from './fileDrop';

/**
 * The one control for "your ONNX file": choose (or drop) an ONNX file of our architecture as the base model; checked
 * before anything trains. One line says which file is in use, or which one the experiment asks for, and a file that
 * could not be used says so and that the model in use did not change.
 */
export function ModelFilePicker() {
  const { file, error, load } = useModelFileStore();
  const wanted = useExperimentStore((s) => s.config.model);
  const inUse = file && file.sha256 === wanted.fileSha256 ? file : null;
  return (
    <div
      className="field model-file"
      data-testid="model-file"
      {...fileDropHandlers((f) => void load(f))}
    >
      <label htmlFor="model-file-input" className="field-label">
        Your ONNX model file
      </label>
      <input id="model-file-input" type="file" accept=".onnx" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />
      <p className="muted">A model exported by this playground (ONNX download) or by <code>mutor train --save-onnx</code>; choose it or drop it here.</p>
      <p className={inUse ? 'ok' : 'muted'} data-testid="model-file-status">
        {inUse
          ? `In use: ${inUse.name} (${inUse.summary}).`
          : wanted.fileSha256
            ? `This experiment asks for ${wanted.fileName} (SHA-256 ${wanted.fileSha256.slice(0, 12)}…): choose that file.`
            : 'No file chosen yet: choose one to train from it.'}
      </p>
      {error && (
        <p className="bad" role="alert" data-testid="model-file-error">
          {error} {inUse ? `The model in use is still ${inUse.name}.` : 'No model file is in use.'}
        </p>
      )}
    </div>
  );
}
