// The experiment the controls edit (and that new runs start from), the problems of the link it was read from, and the
// rules between fields it currently breaks. Field values are checked against the field table before they get here.
import { create } from 'zustand';
import {
  cloneExperiment, decodeLink, encodeLink, presetById, setPath, type ExperimentConfig, type FieldPath, type FieldValue, type Problem,
} from '../experiment';
import { repairConsistency } from '../experiment/consistency';
import { withoutFallback } from '../experiment/problem';
import { tasks } from '../tasks';
import { resolveKnobs } from '../tasks/knobs';

export interface ExperimentState {
  config: ExperimentConfig;
  /** What fell back to defaults when the config was read from a link (or a preset): shown until dismissed. */
  linkProblems: Problem[];
  /** The opened link could not be read at all (unknown version, too long): the page shows its starting experiment. */
  linkUnread: boolean;
  /** Rules between fields the current config breaks (e.g. d min above d max): runs cannot start until they are fixed. */
  issues: Problem[];
  /** Sets one field (a value already checked against the field table); a new task brings its default knobs. */
  setField(path: FieldPath, value: FieldValue): void;
  /** Replaces the whole config (a preset, a saved run's experiment). */
  setConfig(config: ExperimentConfig, problems?: Problem[]): void;
  /** Reads a share link (fragment or query, with or without '#'/'?'); an empty one keeps the current config. */
  loadLink(link: string): void;
  dismissLinkProblems(): void;
  reset(): void;
}

/**
 * A rule problem as the page states it: the rule itself, without the repair the link reader would make (the page
 * does not repair, it waits for the user).
 */
export function issueText(p: Problem): string {
  // The file's name and checksum are not typed in: they come from choosing the file.
  if (p.field === 'model.fileName' || p.field === 'model.fileSha256') return 'choose your ONNX model file under Model';
  return withoutFallback(p.message);
}

/** The rules the config breaks, without changing it. */
export function consistencyIssues(config: ExperimentConfig): Problem[] {
  return repairConsistency(structuredClone(config));
}

/**
 * What the page opens with: the quick star graph (degree 2, path length 3, fine-tuning nano), where a few hundred
 * steps take NTP to the Clever Hans ~50% (EXPERIMENTS.md measured it in the comma format), MuToR and the heads beside it.
 */
export function startingExperiment(): ExperimentConfig {
  return cloneExperiment(presetById('star-graph')!.config);
}

export const useExperimentStore = create<ExperimentState>((set, get) => ({
  config: startingExperiment(),
  linkProblems: [],
  linkUnread: false,
  issues: [],

  setField(path, value) {
    const config = structuredClone(get().config);
    setPath(config, path, structuredClone(value));
    if (path === 'task.name' && typeof value === 'string' && Object.hasOwn(tasks, value)) {
      config.task.knobs = { ...resolveKnobs(tasks[value]) };
    }
    // A field the user has now set is no longer "the link's bad value": drop what the link said about it.
    const linkProblems = get().linkProblems.filter((p) => p.field !== path && !(p.field === 'task.knobs' && path.startsWith('task.knobs.')));
    set({ config, issues: consistencyIssues(config), linkProblems });
  },

  setConfig(config, problems = []) {
    const c = structuredClone(config);
    set({ config: c, linkProblems: problems, linkUnread: false, issues: consistencyIssues(c) });
  },

  loadLink(link) {
    if (link.replace(/^[#?]/, '') === '') return;
    const { config: read, problems, unread = false } = decodeLink(link);
    // A link that could not be read at all falls back to what the page opens with, not to the bare schema default.
    const config = unread ? startingExperiment() : read;
    set({ config, linkProblems: problems, linkUnread: unread, issues: consistencyIssues(config) });
  },

  dismissLinkProblems: () => set({ linkProblems: [], linkUnread: false }),
  reset: () => set({ config: startingExperiment(), linkProblems: [], linkUnread: false, issues: [] }),
}));

/** The share-link body (no '#') of the current config. */
export function currentLink(): string {
  return encodeLink(useExperimentStore.getState().config);
}
