// What a bench run is asked for: known groups and sizes pass, anything else is refused in one line naming the choices;
// the FLOPs a scaling row divides by.
import { describe, expect, it } from 'vitest';
import { chooseProducers } from './select';
import { benchProducers } from './registry';
import { scalingSizes, stepFlops } from './scaling';
import { modelStepShapes } from './matmul';
import { matmulFlops } from '../kernels/matmulShape';

describe('bench choice', () => {
  it('runs every producer by default and the named ones otherwise', () => {
    expect(chooseProducers({}).map((p) => p.group)).toEqual(benchProducers.map((p) => p.group));
    expect(chooseProducers({ only: ['matmul', 'scaling'], sizes: ['1M'] }).map((p) => p.group)).toEqual(['matmul', 'scaling']);
  });

  it('refuses unknown groups and sizes, naming what exists', () => {
    expect(() => chooseProducers({ only: ['matmull'] })).toThrow(/no benchmark group 'matmull' \(groups: dispatch, matmul, .*scaling.*\)/);
    expect(() => chooseProducers({ only: ['scaling'], sizes: ['2M'] })).toThrow(/no scaling size '2M' \(sizes: 0\.2M, 1M, 4M, 10M\)/);
  });
});

describe('scaling FLOPs', () => {
  it('counts the step matmuls plus attention, and one block and LM head more per extra head', () => {
    const { config: c, B, T } = scalingSizes[0];
    const matmul = modelStepShapes(c, B * T).reduce((n, s) => n + matmulFlops(s), 0);
    const attention = 12 * B * T * T * c.dModel * c.nLayers;
    expect(stepFlops(c, B, T)).toBe(matmul + attention);
    const perBlock = (matmul - modelStepShapes({ ...c, nLayers: 0 }, B * T).reduce((n, s) => n + matmulFlops(s), 0)) / c.nLayers + attention / c.nLayers;
    const head = modelStepShapes({ ...c, nLayers: 0 }, B * T).reduce((n, s) => n + matmulFlops(s), 0);
    expect(stepFlops({ ...c, methodTensors: { registerRows: 0, outputHeads: 4 } }, B, T)).toBeCloseTo(matmul + attention + 3 * (perBlock + head), 0);
  });

  it('sizes the models at about 0.2M, 1M, 4M and 10M parameters', () => {
    const params = scalingSizes.map(({ config: c }) => c.nLayers * (4 * c.dModel ** 2 + 3 * c.dModel * c.dFF));
    expect(params.map((p) => Math.round(p / 1e5) / 10)).toEqual([0.2, 1, 4, 10.6]);
  });
});
