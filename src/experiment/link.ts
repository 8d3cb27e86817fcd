// The share link: the version, then only the fields that matter (visibleWhen) and differ from their defaults, by
// short key in table order, readable as written:
//   v=2&task=arithmetic&runs=ntp,mutor,multiTokenHeads&dmin=1&a=0.3&lr=0.0005
// Use it as a fragment (`#v=2&...`) or a query (`?v=2&...`). Decoding checks every field on its own and never throws.
import { assembleExperiment, type Decoded } from './assemble';
import { fieldsFor } from './fields';
import { getPath } from './paths';
import { preview, problem, type Problem } from './problem';
import { cloneExperiment, EXPERIMENT_VERSION, type ExperimentConfig } from './schema';
import { formatValue, parseText, type FieldValue } from './values';
import { upgradeExperiment, versionProblem } from './version';

const VERSION_KEY = 'v';
/** Far above any real link (every field set, with long non-ASCII names, stays under 1000 characters); longer input is not read. */
export const MAX_LINK_LENGTH = 4096;

export function encodeLink(c: ExperimentConfig): string {
  const parts = [`${VERSION_KEY}=${EXPERIMENT_VERSION}`];
  for (const f of fieldsFor(c.task.name)) {
    if (f.visibleWhen && !f.visibleWhen(c)) continue;
    const text = formatValue(f, getPath(c, f.path) as FieldValue);
    if (text !== formatValue(f, f.default)) parts.push(`${f.key}=${encodeURIComponent(text).replaceAll('%2C', ',')}`);
  }
  return parts.join('&');
}

/** Reads a link body with or without its leading '#' or '?'; an empty one is the default experiment. */
export function decodeLink(link: string): Decoded {
  const body = link.replace(/^[#?]/, '');
  if (body.length > MAX_LINK_LENGTH) {
    return { config: cloneExperiment(), problems: [problem(null, '', body, `the link is ${body.length} characters long, more than ${MAX_LINK_LENGTH}; showing the default experiment instead`)], unread: true };
  }
  const { values, problems } = splitParts(body);
  const rawVersion = numberOrText(values.get(VERSION_KEY));
  const version = versionProblem(rawVersion, VERSION_KEY);
  if (version) return { config: cloneExperiment(), problems: [...problems, version], unread: true };
  values.delete(VERSION_KEY);
  const decoded = assembleExperiment({ values, idOf: (f) => f.key, read: (f, raw) => parseText(f, raw as string) });
  upgradeExperiment(rawVersion, decoded.config);
  const keyed = problems.map((p) => (p.key ? { ...p, field: fieldsFor(decoded.config.task.name).find((f) => f.key === p.key)?.path ?? null } : p));
  return { config: decoded.config, problems: [...keyed, ...decoded.problems] };
}

/** key=value parts separated by '&'; the first of a repeated key wins. */
function splitParts(body: string): { values: Map<string, string>; problems: Problem[] } {
  const values = new Map<string, string>();
  const problems: Problem[] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = unescapeText(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? null : unescapeText(part.slice(eq + 1));
    if (key === null || value === null || key === '') {
      const why = eq < 0 ? 'is not key=value' : key === '' ? 'has an empty key' : 'has a broken %-escape';
      problems.push(problem(null, key ?? '', part, `link part ${preview(part)} ${why}; ignored`));
    } else if (values.has(key)) {
      problems.push(problem(null, key, value, `${preview(key)} is given more than once; using the first value`));
    } else values.set(key, value);
  }
  return { values, problems };
}

/** '+' is a space in query strings; null when a %-escape is broken (e.g. a link cut off mid-escape). */
function unescapeText(s: string): string | null {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

const numberOrText = (s: string | undefined) => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : s);
