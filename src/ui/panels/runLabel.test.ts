import { describe, expect, it } from 'vitest';
import { methodNote } from './runLabel';

describe('methodNote', () => {
  it('names the method only where the run label does not start with it', () => {
    expect(methodNote('NTP (gallery)', 'NTP')).toBe(false);
    expect(methodNote('NTP 2', 'NTP')).toBe(false);
    expect(methodNote('MuToR', 'MuToR')).toBe(false);
    expect(methodNote('torch job', 'MuToR')).toBe(true);
  });
});
