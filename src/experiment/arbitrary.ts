// Random valid experiments for property tests: every field drawn within its bounds (boundaries and awkward floats
// included), task knobs redrawn until the task accepts them, then the rules between fields applied.
import { tasks } from '../tasks';
import type { Rng } from '../util/random';
import { fieldsFor, type Field } from './fields';
import { readExperimentObject } from './object';
import { setPath } from './paths';
import { cloneExperiment, type ExperimentConfig } from './schema';
import type { FieldValue } from './values';

const TEXT_CHARS = [...'abcXYZ019 _.,:+()-éß中'];
const HEX = '0123456789abcdef';

export function arbitraryExperiment(rng: Rng): ExperimentConfig {
  const c = cloneExperiment();
  const taskNames = Object.keys(tasks);
  const def = tasks[taskNames[rng.int(taskNames.length)]];
  c.task.name = def.name;
  for (const f of fieldsFor(def.name)) if (f.path !== 'task.name') setPath(c, f.path, arbitraryValue(f, rng));
  for (let tries = 0; tries < 50 && def.checkKnobs?.(c.task.knobs); tries++) {
    for (const s of def.knobSpecs) c.task.knobs[s.name] = s.min + rng.int(s.max - s.min + 1);
  }
  return readExperimentObject(c).config;
}

function arbitraryValue(f: Field, rng: Rng): FieldValue {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  switch (f.type) {
    case 'int':
      return pick([f.min, f.max, f.default, f.min + rng.int(Math.min(f.max - f.min, 1000) + 1), f.min + rng.int(f.max - f.min + 1)]);
    case 'float': {
      const span = f.max - f.min;
      const inside = [f.min + span * rng.next(), f.min + span * 10 ** -(1 + rng.int(9)), Number((f.min + span * rng.next()).toPrecision(2))];
      if (!f.minOpen) inside.push(f.min);
      if (!f.maxOpen) inside.push(f.max);
      return pick(inside.filter((v) => (f.minOpen ? v > f.min : true) && (f.maxOpen ? v < f.max : true)));
    }
    case 'enum':
      return pick(f.values);
    case 'bool':
      return rng.next() < 0.5;
    case 'string':
      return f.path === 'model.fileSha256' || f.path === 'data.fileSha256'
        ? Array.from({ length: 64 }, () => pick([...HEX])).join('')
        : Array.from({ length: 1 + rng.int(f.maxLength) }, () => pick(TEXT_CHARS)).join('');
    case 'enumList': {
      const shuffled = [...f.values];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      return shuffled.slice(0, 1 + rng.int(shuffled.length));
    }
  }
}
