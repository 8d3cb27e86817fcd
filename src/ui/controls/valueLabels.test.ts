import { describe, expect, it } from 'vitest';
import { fieldLabel, valueLabel } from './valueLabels';

describe('labels', () => {
  it('turns knob code names into words and leaves other labels alone', () => {
    expect(fieldLabel({ label: 'pathLength', path: 'task.knobs.pathLength' })).toBe('Path length');
    expect(fieldLabel({ label: 'degree', path: 'task.knobs.degree' })).toBe('Degree');
    expect(fieldLabel({ label: 'd max', path: 'method.dMax' })).toBe('d max');
  });
  it('names enum values, falling back to the value', () => {
    expect(valueLabel('multiTokenHeads')).toBe('Multi-Token heads');
    expect(valueLabel('somethingNew')).toBe('somethingNew');
  });
});
