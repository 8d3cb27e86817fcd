import { describe, expect, it } from 'vitest';
import { encodeLink } from '../experiment';
import { currentLink, issueText, startingExperiment, useExperimentStore } from './experimentStore';

describe('experimentStore', () => {
  it('reads a link with problems, and forgets a problem once its field is set', () => {
    const s = useExperimentStore.getState();
    s.loadLink('#v=2&task=arithmetic&dmax=99&zz=1');
    let st = useExperimentStore.getState();
    expect(st.config.task.name).toBe('arithmetic');
    expect(st.linkProblems.map((p) => p.field)).toEqual(expect.arrayContaining(['method.dMax', null]));
    s.setField('method.dMax', 6);
    st = useExperimentStore.getState();
    expect(st.config.method.dMax).toBe(6);
    expect(st.linkProblems.some((p) => p.field === 'method.dMax')).toBe(false);
    expect(st.linkProblems).toHaveLength(1);
    s.dismissLinkProblems();
    expect(useExperimentStore.getState().linkProblems).toEqual([]);
  });

  it('gives a new task its default knobs and reports rules between fields without repairing them', () => {
    const s = useExperimentStore.getState();
    s.reset();
    s.setField('task.name', 'sorting');
    expect(Object.keys(useExperimentStore.getState().config.task.knobs).length).toBeGreaterThan(0);
    s.setField('method.dMin', 5);
    const st = useExperimentStore.getState();
    expect(st.config.method.dMin).toBe(5);
    expect(st.issues.map((p) => p.field)).toEqual(['method.dMin']);
    expect(issueText(st.issues[0])).toMatch(/exceeds .* 4$/);
    s.setField('method.dMin', 2);
    expect(useExperimentStore.getState().issues).toEqual([]);
  });

  it('keeps the config on an empty link and encodes the current one', () => {
    const s = useExperimentStore.getState();
    s.reset();
    s.loadLink('#');
    expect(currentLink()).toBe(encodeLink(startingExperiment()));
  });

  it('opens with the degree-2 star-graph preset, fine-tuning the shipped nano model', () => {
    useExperimentStore.getState().reset();
    const { config } = useExperimentStore.getState();
    expect([config.task.name, config.task.knobs.degree, config.model.id, config.runs]).toEqual(['starGraph', 2, 'nano', ['ntp', 'mutor', 'multiTokenHeads']]);
  });
});
