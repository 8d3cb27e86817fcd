// Readable names for enum values of the field table (the values themselves stay what links and configs use).
import { METHOD_KINDS, methodOf } from '../../methods/registry';

const LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(METHOD_KINDS.map((m) => [m, methodOf(m).label])),
  starGraph: 'Star graph path-finding',
  arithmetic: 'Arithmetic word problems',
  reversal: 'String reversal',
  sorting: 'Sorting',
  nano: 'nano (pretrained)',
  small: 'small (pretrained)',
  scratch: 'from scratch (random init)',
  file: 'your ONNX file',
  all: 'before every answer token',
  everyK: 'every k-th answer token',
  fraction: 'a random fraction',
  constant: 'constant',
  linear: 'linear decay',
  cosine: 'cosine decay',
};

export function valueLabel(value: string): string {
  return Object.hasOwn(LABELS, value) ? LABELS[value] : value;
}

/** Task knobs are labelled by their code names ('pathLength'): shown as words ('Path length'). */
export function fieldLabel(field: { label: string; path: string }): string {
  if (!field.path.startsWith('task.knobs.')) return field.label;
  const words = field.label.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
