import type { Field } from '../../experiment';

/**
 * What a field accepts, for a student: "a whole number from 1 to 100000", "a number above 0, up to 1". Empty for
 * choices the control already shows (menus, checkboxes).
 */
export function allowedInWords(f: Field): string {
  switch (f.type) {
    case 'int':
      return `a whole number from ${f.min} to ${f.max}`;
    case 'float':
      if (f.minOpen && f.maxOpen) return `a number above ${f.min} and below ${f.max}`;
      if (f.minOpen) return `a number above ${f.min}, at most ${f.max}`;
      if (f.maxOpen) return `a number at least ${f.min}, below ${f.max}`;
      return `a number from ${f.min} to ${f.max}`;
    case 'string':
      return f.allowed;
    case 'enum':
    case 'bool':
    case 'enumList':
      return '';
  }
}
