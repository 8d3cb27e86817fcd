// For the PyTorch job's tests: a Python that imports torch (Debian's python3-torch lives in /usr/bin/python3's
// dist-packages, which a pyenv or venv `python3` on PATH may not see), and running train.py with it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTaskDataNode } from '../cli/loadExperiment';
import { encodeLink } from '../experiment/link';
import { experimentFrom } from '../experiment/presets';
import type { ExperimentConfig } from '../experiment/schema';
import { scratchModel } from '../train/baseModel';
import { writeTorchJob } from './writeJob';

/** The first of $MUTOR_PYTHON, /usr/bin/python3, python3 that has torch (found, not imported: that takes seconds). */
export function torchPython(): string | null {
  const probe = 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)';
  for (const py of [process.env.MUTOR_PYTHON, '/usr/bin/python3', 'python3']) {
    if (py && spawnSync(py, ['-c', probe], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

export const NO_TORCH = 'skipped: no python3 that imports torch (scripts/setup-system.sh installs Debian\'s python3-torch)';

const ROOT = join(import.meta.dirname, '..', '..');

/** The experiment exported to a fresh temporary folder (scratch model, the task's data loaded); returns the folder. */
export function exportToTemp(exp: ExperimentConfig): string {
  loadTaskDataNode(exp.task.name, ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'mutor-torch-'));
  writeTorchJob(exp, scratchModel(exp.seed, exp.model.scratch, exp.task.name), dir);
  return dir;
}

/** Runs `python args...` (one CPU thread per process: the tests' machine is small); throws with its stderr on failure. */
export function runPython(python: string, args: string[], cwd: string): string {
  const r = spawnSync(python, args, { cwd, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${python} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}

/** The "step" lines of a metrics.jsonl. */
export function stepLines(path: string): { step: number; loss: number; groupMeans: number[]; lr: number }[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.kind === 'step');
}

/** A MuToR run small enough to export, train and import in seconds (scratch model, 20 steps): its share link. */
export const TINY_TORCH_LINK = encodeLink(experimentFrom({
  task: { name: 'starGraph', knobs: { degree: 2, pathLength: 4, nodePool: 10 } },
  data: { trainSize: 40, testSize: 4 },
  model: { id: 'scratch', scratch: { dModel: 16, nLayers: 2, nHeads: 2, dFF: 24, maxLen: 64 } },
  runs: ['mutor'],
  method: { dMax: 3, dMin: 2, alpha: 0.5 },
  optimizer: { batchSize: 4, lr: 0.01, warmupSteps: 2 },
  steps: 20,
  evalEvery: 20,
  evalSize: 4,
  seed: 7,
}));
