// Building a config from raw values keyed by field (link keys, or paths in a config file): the task first (the knobs
// depend on it), then every other field, each checked on its own and falling back to its default, then the rules
// between fields. Never throws: everything that was not taken as given comes back as a problem.
import { tasks } from '../tasks';
import { resolveKnobs } from '../tasks/knobs';
import { repairConsistency } from './consistency';
import { fieldsFor, staticFields, type Field } from './fields';
import { setPath } from './paths';
import { preview, problem, type Problem } from './problem';
import { cloneExperiment, type ExperimentConfig } from './schema';
import { formatValue, type Checked } from './values';

export interface Decoded {
  config: ExperimentConfig;
  problems: Problem[];
  /** True when the link as a whole could not be read (too long, unknown version): config is the default then. */
  unread?: boolean;
}

export interface RawSource {
  /** Raw values by id: link keys ('lr', 'k.degree') or config paths ('optimizer.lr', 'task.knobs.degree'). */
  values: ReadonlyMap<string, unknown>;
  idOf(f: Field): string;
  read(f: Field, raw: unknown): Checked;
}

const taskField = staticFields.find((f) => f.path === 'task.name') as Field;
const KNOB_ID = /^(?:k|task\.knobs)\.(.*)$/s;

export function assembleExperiment(source: RawSource): Decoded {
  const config = cloneExperiment();
  const problems: Problem[] = [];
  const used = new Set<string>();
  const take = (f: Field) => {
    const id = source.idOf(f);
    if (!source.values.has(id)) return;
    used.add(id);
    const raw = source.values.get(id);
    const checked = source.read(f, raw);
    if (checked.ok) setPath(config, f.path, structuredClone(checked.value));
    else problems.push(problem(f.path, id, raw, `${f.label} (${id}): '${preview(raw)}' ${checked.reason}; using the default '${formatValue(f, f.default)}'`));
  };

  take(taskField);
  config.task.knobs = { ...resolveKnobs(tasks[config.task.name]) };
  for (const f of fieldsFor(config.task.name)) if (f !== taskField) take(f);
  for (const [id, raw] of source.values) if (!used.has(id)) problems.push(unknownId(id, raw, config.task.name));
  problems.push(...repairConsistency(config));
  return { config, problems };
}

function unknownId(id: string, raw: unknown, taskName: string): Problem {
  const knob = KNOB_ID.exec(id);
  if (knob) {
    const knobs = tasks[taskName].knobSpecs.map((s) => s.name).join(', ');
    return problem(null, id, raw, `task ${taskName} has no knob ${preview(knob[1])} (knobs: ${knobs}); ignored`);
  }
  return problem(null, id, raw, `unknown key ${preview(id)}; ignored`);
}
