// A flag that overrides an experiment field (--steps, --seed): read as link text and checked against the field's
// bounds in the one field table, so the CLI accepts exactly what a link would.
import { parseText, setPath, staticFields, type ExperimentConfig, type FieldPath } from '../experiment';
import { UsageError, type Flags } from './args';

/** Sets the field at `path` from --<flag> when given; throws a UsageError naming the flag and its bounds otherwise. */
export function fieldFlag(f: Flags, flag: string, path: FieldPath, exp: ExperimentConfig): void {
  const text = f.string(flag);
  if (text === undefined) return;
  const field = staticFields.find((x) => x.path === path);
  if (!field) throw new Error(`no field ${path}`);
  const checked = parseText(field, text);
  if (!checked.ok) throw new UsageError(`--${flag} '${text}' ${checked.reason}`);
  setPath(exp, path, checked.value);
}

/** The values of one field for a list flag (--seeds 1,2,3), each checked like fieldFlag. */
export function checkFieldValues(flag: string, path: FieldPath, values: readonly number[]): void {
  const field = staticFields.find((x) => x.path === path);
  if (!field) throw new Error(`no field ${path}`);
  for (const v of values) {
    const checked = parseText(field, String(v));
    if (!checked.ok) throw new UsageError(`--${flag}: ${v} ${checked.reason}`);
  }
}
