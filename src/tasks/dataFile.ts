// A user's own data: prompt → answer pairs as CSV (two columns, an optional `prompt,answer` header, RFC 4180 quotes)
// or JSON lines ({"prompt": "...", "answer": "..."} per line), checked against the tokenizer. Every problem is one
// line naming where it is (line, prompt or answer, column), so the page and the CLI can show it as it is.
import { sha256Hex } from '../util/sha256';
import { canEncode, VOCABULARY_TEXT } from './tokenizer';

export interface PromptAnswerText {
  prompt: string;
  answer: string;
}

export interface DataFile {
  /** The file's name (or 'pasted data'), as the share link carries it. */
  name: string;
  /** SHA-256 of its bytes (UTF-8 text), lowercase hex. */
  sha256: string;
  pairs: PromptAnswerText[];
}

/** Fewest pairs a data file needs: some to train on, some held out. */
export const MIN_PAIRS = 5;
const MAX_PLACES = 5;

/** The file as the page and the CLI both know it: its name as a link may carry it, the SHA-256 of its text (UTF-8, without a BOM), its pairs. Throws one line. */
export async function readDataFile(name: string, text: string): Promise<DataFile> {
  const pairs = parseDataText(name, text);
  const sha256 = await sha256Hex(new TextEncoder().encode(text.replace(/^\uFEFF/, '')));
  return { name: linkableName(name), sha256, pairs };
}

/** The name a link may carry: the file's, with characters the link's text fields refuse replaced. */
export function linkableName(name: string): string {
  return name.replace(/[^\p{L}\p{N} _.,:+()-]/gu, '_').slice(0, 120) || 'data.csv';
}

interface Located extends PromptAnswerText {
  line: number;
}

/** The pairs of a CSV or JSON-lines text (JSON lines when the name ends in .jsonl/.json or the text starts with '{'); throws one line. */
export function parseDataText(name: string, text: string): PromptAnswerText[] {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const jsonLines = /\.jsonl?$/i.test(name) || (!/\.csv$/i.test(name) && body.trimStart().startsWith('{'));
  const pairs = jsonLines ? parseJsonLines(name, body) : parseCsv(name, body);
  if (pairs.length < MIN_PAIRS) throw new Error(`${name}: ${pairs.length} prompt → answer pair${pairs.length === 1 ? '' : 's'}, at least ${MIN_PAIRS} are needed`);
  checkCharacters(name, pairs);
  return pairs.map(({ prompt, answer }) => ({ prompt, answer }));
}

function parseJsonLines(name: string, text: string): Located[] {
  const out: Located[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new Error(`${name}: line ${line} is not JSON (expected {"prompt": "...", "answer": "..."})`);
    }
    const o = v as { prompt?: unknown; answer?: unknown } | null;
    if (typeof o !== 'object' || o === null || typeof o.prompt !== 'string' || typeof o.answer !== 'string') {
      throw new Error(`${name}: line ${line} needs a string "prompt" and a string "answer"`);
    }
    out.push(checked(name, { prompt: o.prompt, answer: o.answer, line }));
  });
  return out;
}

/** Records of comma-separated fields; a quoted field may hold commas, newlines and "" for a quote. */
function parseCsv(name: string, text: string): Located[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new Error(`${name}: a quoted field opened on line ${recordLine} never closes`);
  if (field !== '' || fields.length > 0) endRecord();
  const header = records[0] && records[0].fields.map((f) => f.trim().toLowerCase()).join(',') === 'prompt,answer';
  return records.slice(header ? 1 : 0).map(({ fields: f, line: at }) => {
    if (f.length !== 2) throw new Error(`${name}: line ${at} has ${f.length} field${f.length === 1 ? '' : 's'}, expected 2 (prompt,answer; quote a field that holds a comma)`);
    return checked(name, { prompt: f[0], answer: f[1], line: at });
  });
}

function checked(name: string, p: Located): Located {
  if (p.prompt === '') throw new Error(`${name}: line ${p.line} has an empty prompt`);
  if (p.answer === '') throw new Error(`${name}: line ${p.line} has an empty answer`);
  return p;
}

/** One line naming the characters the tokenizer has no token for, and where the first few of them are. */
function checkCharacters(name: string, pairs: readonly Located[]): void {
  const places: string[] = [];
  const chars = new Set<string>();
  let count = 0;
  for (const p of pairs) {
    for (const part of ['prompt', 'answer'] as const) {
      let column = 0;
      for (const c of p[part]) {
        column++;
        if (canEncode(c)) continue;
        chars.add(c);
        if (++count <= MAX_PLACES) places.push(`${JSON.stringify(c)} at line ${p.line}, ${part} column ${column}`);
      }
    }
  }
  if (count === 0) return;
  const more = count > MAX_PLACES ? ` and ${count - MAX_PLACES} more` : '';
  throw new Error(`${name}: unsupported character${chars.size > 1 ? 's' : ''} ${[...chars].map((c) => JSON.stringify(c)).join(' ')}: ${places.join('; ')}${more}. The tokenizer knows ${VOCABULARY_TEXT}.`);
}
