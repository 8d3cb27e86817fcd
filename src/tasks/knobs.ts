// Turning user-supplied knob values into a task's full, validated knob set.
import type { Knobs, TaskDefinition } from './task';

/** Defaults filled in; throws naming the knob, its value and the allowed range on anything invalid. */
export function resolveKnobs(def: TaskDefinition, given: Readonly<Record<string, number>> = {}): Knobs {
  const allowed = def.knobSpecs.map((s) => s.name);
  for (const name of Object.keys(given)) {
    if (!allowed.includes(name)) throw new Error(`task ${def.name}: unknown knob '${name}' (knobs: ${allowed.join(', ')})`);
  }
  const knobs: Record<string, number> = {};
  for (const spec of def.knobSpecs) {
    const value = given[spec.name] ?? spec.default;
    if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new Error(`task ${def.name}: knob ${spec.name} = ${value} is invalid (allowed: integers ${spec.min}..${spec.max})`);
    }
    knobs[spec.name] = value;
  }
  const problem = def.checkKnobs?.(knobs);
  if (problem) throw new Error(`task ${def.name}: ${problem}`);
  return knobs;
}
