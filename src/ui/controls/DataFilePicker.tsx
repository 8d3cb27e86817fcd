import { useState } from 'react';
import { useDataFileStore } from '../../state/dataFileStore';
import { useExperimentStore } from '../../state/experimentStore';
import { MAX_TEST_SHARE } from '../../tasks/splits';
import { fileDropHandlers } from './fileDrop';

const EXAMPLE = 'prompt,answer\nrev:abc=,cba\nrev:hello=,olleh';

/** Paste or drop prompt → answer pairs (CSV or JSON lines) as the custom task's data; checked before anything trains. */
export function DataFilePicker() {
  const { file, error, load } = useDataFileStore();
  const wanted = useExperimentStore((s) => s.config.data);
  const [text, setText] = useState('');
  const matches = file && file.sha256 === wanted.fileSha256;
  const readFile = (f: File) => void f.text().then((t) => load(f.name, t));
  return (
    <div
      className="field data-file"
      data-testid="data-file"
      {...fileDropHandlers(readFile)}
    >
      <label htmlFor="data-file-input" className="field-label">
        Your data
      </label>
      <p className="muted">
        Prompt → answer pairs, one per line: CSV with two columns (<code>prompt,answer</code>) or JSON lines (
        <code>{'{"prompt": "...", "answer": "..."}'}</code>). Choose or drop a file, or paste below. Up to {MAX_TEST_SHARE * 100}% of the distinct
        prompts (at most Test examples) are held out for testing; the rest is trained on.
      </p>
      <input id="data-file-input" type="file" accept=".csv,.jsonl,.json,.txt" onChange={(e) => e.target.files?.[0] && readFile(e.target.files[0])} />
      <textarea
        aria-label="Paste prompt → answer pairs"
        className="data-paste"
        rows={4}
        placeholder={EXAMPLE}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="data-paste"
      />
      <button type="button" className="small" disabled={text.trim() === ''} onClick={() => void load('pasted data', text)} data-testid="data-paste-use">
        Use pasted pairs
      </button>
      {matches && (
        <p className="ok" data-testid="data-file-loaded">
          Loaded {file.name}: {file.pairs.length} pairs.
        </p>
      )}
      {!matches && wanted.fileSha256 && (
        <p className="muted">
          This experiment asks for {wanted.fileName} (SHA-256 {wanted.fileSha256.slice(0, 12)}…): choose or drop it here.
        </p>
      )}
      {error && (
        <p className="bad" role="alert" data-testid="data-file-error">
          {error}
        </p>
      )}
    </div>
  );
}
