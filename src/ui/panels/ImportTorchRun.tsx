import { useId, useState } from 'react';
import { fileDropHandlers } from '../controls/fileDrop';

/** Imports a PyTorch job's run from its files; resolves when it is on the page, rejects with one readable message. */
export type ImportTorch = (files: File[]) => Promise<unknown>;

/**
 * The Runs panel's drop zone for a run trained by an exported PyTorch job (`mutor export-torch`): its metrics.jsonl,
 * and the weights.bin beside it when the job finished. Dropped or chosen; a bad file is named in one message.
 */
export function ImportTorchRun({ importTorch }: { importTorch: ImportTorch }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const take = (files: File[]) => {
    if (files.length === 0 || busy) return;
    setBusy(true);
    setError(null);
    importTorch(files)
      .catch((e: unknown) => setError(`Not imported: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setBusy(false));
  };
  return (
    <div className="import-torch" {...fileDropHandlers((_, all) => take(all))} data-testid="import-torch">
      <label htmlFor={id} className="import-torch-label">
        <b>Import from PyTorch:</b> drop a job&apos;s <code>metrics.jsonl</code> (with its <code>weights.bin</code> when the job finished) here, or choose them
      </label>
      <input
        id={id}
        type="file"
        multiple
        accept=".jsonl,.bin"
        disabled={busy}
        onChange={(e) => {
          take(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
        data-testid="import-torch-input"
      />
      {busy && (
        <span role="status" className="muted">
          Importing…
        </span>
      )}
      {error && (
        <p className="note note-warn" role="alert" data-testid="import-torch-error">
          {error}
        </p>
      )}
    </div>
  );
}
