import { describe, expect, it } from 'vitest';
import { spreadEvenly } from './galleryFormat';

describe('spreadEvenly', () => {
  it('keeps the first and the last and spreads the rest evenly', () => {
    const steps = Array.from({ length: 20 }, (_, i) => 94 * (i + 1));
    expect(spreadEvenly(steps, 6)).toEqual([94, 470, 846, 1128, 1504, 1880]);
  });
  it('keeps everything when there are no more than the limit', () => {
    expect(spreadEvenly([100, 200, 300], 6)).toEqual([100, 200, 300]);
    expect(spreadEvenly([], 6)).toEqual([]);
  });
  it('keeps the last when only one may stay', () => {
    expect(spreadEvenly([1, 2, 3], 1)).toEqual([3]);
  });
});
