// `mutor train --config <file|link>`: the text of a JSON config file (full or partial) or a share link (a full URL,
// or just its fragment or query). Never throws; problems say what fell back to defaults.
import type { Decoded } from './assemble';
import { decodeLink } from './link';
import { readExperimentObject } from './object';
import { inert, problem } from './problem';
import { cloneExperiment } from './schema';

export function parseExperimentSource(text: string): Decoded {
  const s = text.trim();
  if (s.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (e) {
      return fallback(s, `the config is not valid JSON (${inert(e instanceof Error ? e.message : String(e))})`);
    }
    return readExperimentObject(parsed);
  }
  const link = linkBody(s);
  return link === null ? fallback(s, 'expected a JSON config ({...}) or a share link (...#v=2&...)') : decodeLink(link);
}

/** The fragment of a URL if it has one, else its query; the text itself when it is a bare `key=value&...`. */
function linkBody(s: string): string | null {
  const hash = s.indexOf('#');
  if (hash >= 0 && hash < s.length - 1) return s.slice(hash + 1);
  const query = s.indexOf('?');
  if (query >= 0) return s.slice(query + 1, hash >= 0 ? hash : undefined);
  return s.includes('=') ? s : null;
}

function fallback(s: string, message: string): Decoded {
  return { config: cloneExperiment(), problems: [problem(null, '', s, `${message}; showing the default experiment instead`)] };
}
