import { describe, expect, it } from 'vitest';
import { stepsPerSample } from './training';

describe('steps per sample', () => {
  it('is the asked number where steps are slow (lavapipe: 0.2M steps of 170 ms, 4M of seconds)', () => {
    expect(stepsPerSample(2, 170)).toBe(2);
    expect(stepsPerSample(4, 3000)).toBe(4);
  });
  it('grows to at least 100 ms per sample where steps take milliseconds (the H200: 6.25 ms at 0.2M)', () => {
    expect(stepsPerSample(2, 6.25)).toBe(16);
    expect(stepsPerSample(2, 0)).toBe(1000);
  });
});
