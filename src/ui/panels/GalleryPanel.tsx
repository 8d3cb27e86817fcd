import { useEffect, useState } from 'react';
import { methodOf } from '../../methods/registry';
import { continueFromGallery, retrainGallery, useGalleryStore } from '../../state/galleryStore';
import type { GalleryEntry } from '../../train/galleryFormat';
import { formatPercent } from '../format';
import { Panel } from './Panel';

const baseUrl = () => document.baseURI;

/** Runs trained to the end of their preset's budget, shipped with the page: one click shows them in every panel. */
export function GalleryPanel() {
  const { index, error, loadIndex } = useGalleryStore();
  useEffect(() => {
    void loadIndex(baseUrl());
  }, [loadIndex]);
  if (!index && !error) return null;
  return (
    <Panel
      id="gallery"
      title="Gallery of trained runs"
      testId="gallery-panel"
      explain="Runs trained to the end of a preset's budget by the mutor command, shipped with the page: open one to see its curves, generations, attention and register predictions at once, without training."
    >
      {error && (
        <p className="note note-warn" role="alert">
          {error}
        </p>
      )}
      <ul className="gallery-entries">
        {index?.entries.map((e) => <GalleryEntryCard key={e.id} entry={e} />)}
      </ul>
    </Panel>
  );
}

function GalleryEntryCard({ entry }: { entry: GalleryEntry }) {
  const open = useGalleryStore((s) => s.open);
  const opening = useGalleryStore((s) => s.opening);
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const withModels = entry.runs.filter((r) => r.model);
  const link = `${baseUrl().replace(/#.*$/, '')}#${entry.link}`;
  const act = (what: () => unknown, done: string) => {
    setProblem(null);
    setSaid(null);
    Promise.resolve()
      .then(what)
      .then(() => setSaid(done), (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  };
  return (
    <li className="gallery-entry" data-testid="gallery-entry" data-entry-id={entry.id}>
      <div className="gallery-head">
        <b>{entry.title}</b>
        <span className="gallery-scores">
          {entry.runs.map((r) => (
            <span key={r.method} title="Exact match on the test prompts at the last evaluation">
              <i className="dot" style={{ background: methodOf(r.method).pageColor }} aria-hidden /> {methodOf(r.method).label} {formatPercent(r.testAccuracy)}
            </span>
          ))}
        </span>
      </div>
      <p className="gallery-made" data-testid="gallery-made">
        {entry.made} Link: <a href={link}>{entry.link}</a>
      </p>
      <div className="run-buttons">
        <button type="button" className="primary small" disabled={opening !== null} onClick={() => void open(entry, baseUrl())} data-testid="gallery-open">
          {opening === entry.id ? 'Opening…' : 'Open in the panels'}
        </button>
        <button
          type="button"
          className="small"
          title="Put these settings in the controls: Train then retrains the runs from the start"
          onClick={() => act(() => retrainGallery(entry), 'Its settings are in the controls: press Train to retrain it.')}
          data-testid="gallery-retrain"
        >
          Retrain
        </button>
        {withModels.map((r) => (
          <button
            key={r.method}
            type="button"
            className="small"
            title={`Put these settings in the controls with ${methodOf(r.method).label}'s trained model as the base model: Train continues from its weights`}
            onClick={() => act(() => continueFromGallery(entry, r, baseUrl()), `${methodOf(r.method).label}'s trained model is the base model in the controls: press Train to continue from it.`)}
            data-testid="gallery-continue"
          >
            Continue from {methodOf(r.method).label}
          </button>
        ))}
      </div>
      <p className="muted gallery-command">
        Trained headless by <code>{entry.command}</code>; <code>scripts/gallery.sh</code> rebuilds the whole gallery.
      </p>
      {said && <p className="ok">{said}</p>}
      {problem && (
        <p className="bad" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}
