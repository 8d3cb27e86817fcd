// What went wrong reading a link or a config file: one entry per field that fell back (or input that was ignored).
// Values are plain text with HTML-significant characters escaped, and so is any input a message quotes: no input
// reaches the page as markup.

export interface Problem {
  /** Path of the field in the config ('optimizer.lr'), or null for input that is no field (a malformed part). */
  field: string | null;
  /** The link key or config-file path as the user wrote it ('' when there is none). */
  key: string;
  /** A short, escaped preview of the offending value. */
  value: string;
  message: string;
}

const PREVIEW_LENGTH = 40;

/** The value as short, inert text (see inert), cut after 40 characters. */
export function preview(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
  return inert(s.length > PREVIEW_LENGTH ? `${s.slice(0, PREVIEW_LENGTH)}…` : s);
}

/**
 * The text with < > & " ' ` \ and control, format, line/paragraph separator (U+2028, U+2029: line breaks in a
 * one-line message, and invalid in JavaScript string literals before ES2019) and lone surrogate characters written as \uXXXX.
 */
export function inert(s: string): string {
  return s.replace(/[<>&"'`\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, escapeChar);
}

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) as number;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The message without what the lenient reader did about it (for a strict reader, which refuses instead). */
export function withoutFallback(message: string): string {
  return message.replace(/; (using .*|its knobs fall back to their defaults|showing the default experiment instead|ignored)$/, '');
}

export function problem(field: string | null, key: string, raw: unknown, message: string): Problem {
  return { field, key: preview(key), value: preview(raw), message };
}
