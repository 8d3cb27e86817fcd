// One field's value: checked against the field's type and bounds, parsed from link text, written as link text.
import type { Field } from './fields';

export type FieldValue = number | string | boolean | readonly string[];
export type Checked = { ok: true; value: FieldValue } | { ok: false; reason: string };

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const BOOL_TEXT: Readonly<Record<string, boolean>> = { 1: true, true: true, 0: false, false: false };

/** What the field accepts, in words ("an integer in 1..16"), for messages and help. */
export function describeAllowed(f: Field): string {
  switch (f.type) {
    case 'int':
      return `an integer in ${f.min}..${f.max}`;
    case 'float':
      return `a number in ${f.minOpen ? '(' : '['}${f.min}, ${f.max}${f.maxOpen ? ')' : ']'}`;
    case 'enum':
      return `one of ${f.values.join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'string':
      return f.allowed;
    case 'enumList':
      return `a comma-separated list of distinct values from ${f.values.join(', ')}`;
  }
}

/** A typed value (from a config file, or parsed from text) checked against the field. */
export function checkValue(f: Field, v: unknown): Checked {
  const fail: Checked = { ok: false, reason: `must be ${describeAllowed(f)}` };
  switch (f.type) {
    case 'int':
    case 'float': {
      if (typeof v !== 'number') return fail;
      if (!Number.isFinite(v)) return { ok: false, reason: `must be a finite number, ${describeAllowed(f)}` };
      const above = f.type === 'float' && f.minOpen ? v > f.min : v >= f.min;
      const below = f.type === 'float' && f.maxOpen ? v < f.max : v <= f.max;
      return above && below && (f.type === 'float' || Number.isInteger(v)) ? { ok: true, value: v } : fail;
    }
    case 'enum':
      return typeof v === 'string' && f.values.includes(v) ? { ok: true, value: v } : fail;
    case 'bool':
      return typeof v === 'boolean' ? { ok: true, value: v } : fail;
    case 'string':
      // Text only (React renders it as text): the pattern is the whole rule, so 'transcript-model.onnx' is a name.
      return typeof v === 'string' && v.length <= f.maxLength && f.pattern.test(v) ? { ok: true, value: v } : fail;
    case 'enumList': {
      const list = Array.isArray(v) ? (v as unknown[]) : [];
      const valid = list.length > 0 && list.every((x) => typeof x === 'string' && f.values.includes(x));
      return valid && new Set(list).size === list.length ? { ok: true, value: list as string[] } : fail;
    }
  }
}

/** Link text to a checked value: numbers in plain decimal or exponent form, booleans as 1/0/true/false. */
export function parseText(f: Field, text: string): Checked {
  switch (f.type) {
    case 'int':
    case 'float':
      if (!NUMBER_TEXT.test(text)) return { ok: false, reason: `is not a finite number; must be ${describeAllowed(f)}` };
      return checkValue(f, Number(text));
    case 'bool':
      return checkValue(f, Object.hasOwn(BOOL_TEXT, text) ? BOOL_TEXT[text] : text);
    case 'enumList':
      return checkValue(f, text.split(','));
    case 'enum':
    case 'string':
      return checkValue(f, text);
  }
}

/** The value as link text (before URL escaping); parseText reads it back to the same value. */
export function formatValue(f: Field, v: FieldValue): string {
  if (f.type === 'bool') return v ? '1' : '0';
  return Array.isArray(v) ? v.join(',') : String(v);
}
