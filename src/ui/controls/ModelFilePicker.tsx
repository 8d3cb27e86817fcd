import { useModelFileStore } from '../../state/modelFileStore';
import { useExperimentStore } from '../../state/experimentStore';

/** Choose (or drop) an ONNX file of our architecture as the base model; checked before anything trains. */
export function ModelFilePicker() {
  const { file, error, load } = useModelFileStore();
  const wanted = useExperimentStore((s) => s.config.model);
  const matches = file && file.sha256 === wanted.fileSha256;
  return (
    <div
      className="field model-file"
      data-testid="model-file"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const f = e.dataTransfer.files[0];
        if (f) void load(f);
      }}
    >
      <label htmlFor="model-file-input" className="field-label">
        Your ONNX model
      </label>
      <p className="muted">A model exported by this playground or by <code>mutor train --save-onnx</code>.</p>
      <input id="model-file-input" type="file" accept=".onnx" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />
      {matches && <p className="ok">Loaded {file.name}: {file.summary}</p>}
      {!matches && wanted.fileSha256 && <p className="muted">This experiment asks for {wanted.fileName} (SHA-256 {wanted.fileSha256.slice(0, 12)}…): choose or drop it here.</p>}
      {error && <p className="bad" role="alert">{error}</p>}
    </div>
  );
}
