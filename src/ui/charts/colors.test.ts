import { describe, expect, it } from 'vitest';
import { dashFor, heatColor, inkOn, methodOrdinals, offsetColor, parseHex, resolveColor } from './colors';

describe('colors', () => {
  it('parses hex colors', () => {
    expect(parseHex('#db2777')).toEqual([219, 39, 119]);
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('red')).toBeNull();
  });
  it('leaves plain colors alone and falls back for variables without a DOM', () => {
    expect(resolveColor('#123456', null)).toBe('#123456');
    expect(resolveColor('var(--mutor)', null)).toBe('#64748b');
  });
  it('heat scale runs from white to deep indigo, monotone in darkness, clamped', () => {
    expect(heatColor(0)).toEqual([255, 255, 255]);
    expect(heatColor(1)).toEqual([49, 46, 129]);
    expect(heatColor(-3)).toEqual(heatColor(0));
    expect(heatColor(7)).toEqual(heatColor(1));
    expect(heatColor(Number.NaN)).toEqual(heatColor(0));
    const sum = (c: readonly number[]) => c[0] + c[1] + c[2];
    let last = Infinity;
    for (let t = 0; t <= 1.0001; t += 0.05) {
      const s = sum(heatColor(t));
      expect(s).toBeLessThanOrEqual(last);
      last = s;
    }
  });
  it('gamma < 1 lifts small probabilities', () => {
    const sum = (c: readonly number[]) => c[0] + c[1] + c[2];
    expect(sum(heatColor(0.04, 0.5))).toBeLessThan(sum(heatColor(0.04, 1)));
  });
  it('picks readable ink', () => {
    expect(inkOn([255, 255, 255])).toBe('#1b1f2a');
    expect(inkOn([49, 46, 129])).toBe('#ffffff');
  });
  it('offset palette cycles; dashes tell same-method runs apart', () => {
    expect(offsetColor(1)).not.toBe(offsetColor(2));
    expect(offsetColor(9)).toBe(offsetColor(1));
    expect(dashFor(0)).toEqual([]);
    expect(dashFor(1)).not.toEqual([]);
    expect(methodOrdinals(['ntp', 'mutor', 'ntp', 'mutor', 'ntp'])).toEqual([0, 0, 1, 1, 2]);
  });
});
