import { describe, expect, it } from 'vitest';
import { presetById } from '../experiment/presets';
import { evalInSteps, evalMs, evaluationsBetween, LoopOverhead, secondsLeft, type RunPace } from './timeLeft';

describe('time left', () => {
  it('counts the evaluations still to come, the last step included once', () => {
    expect(evaluationsBetween(3, 20, 10, 20)).toBe(2);
    expect(evaluationsBetween(10, 20, 10, 20)).toBe(1);
    expect(evaluationsBetween(0, 25, 10, 25)).toBe(3); // 10, 20 and the last step
    expect(evaluationsBetween(20, 20, 10, 20)).toBe(0);
  });

  it('adds the steps and evaluations of every run training in turn until the target ends', () => {
    const pace = (step: number, totalSteps: number): RunPace => ({ step, totalSteps, evalEvery: 10, stepMs: 500, evalMs: 4000 });
    const a = pace(3, 20);
    // alone: 17 steps and 2 evaluations
    expect(secondsLeft(a, [a])).toBeCloseTo(17 * 0.5 + 2 * 4);
    // beside a run 5 steps from its end: that one adds 5 steps and its final evaluation
    const b = pace(15, 20);
    expect(secondsLeft(a, [a, b])).toBeCloseTo(17 * 0.5 + 2 * 4 + 5 * 0.5 + 4);
    // the short run is done after 5 rounds: the long one takes 5 steps meanwhile (no evaluation among them)
    expect(secondsLeft(b, [a, b])).toBeCloseTo(2 * (5 * 0.5) + 4);
  });

  it('counts MuToR-2D\'s 8 extra horizon-scoring passes per evaluation on Fashion-MNIST', () => {
    const fashion = presetById('fashion-mnist')!.config;
    const batches = Math.ceil(Math.min(fashion.evalSize, fashion.data.testSize) / fashion.optimizer.batchSize);
    const ntp = evalInSteps(fashion, 'ntp'), mutor2d = evalInSteps(fashion, 'mutor2d');
    // each scoring pass is a forward of every evaluation batch: 8 more of them than NTP's one
    const pass = (evalInSteps(fashion, 'mutor') - ntp) / 2; // MuToR-1D on Fashion-MNIST scores d = 2, 3
    expect(pass / batches).toBeCloseTo(0.35);
    expect(mutor2d - ntp).toBeCloseTo(8 * pass);
    // the Tiny preset's calibration: MuToR's 2 passes come to 1.75 steps per batch
    const tiny = presetById('tiny')!.config;
    expect(evalInSteps(tiny, 'mutor')).toBeCloseTo(1.75 * Math.ceil(tiny.evalSize / tiny.optimizer.batchSize));
  });

  it('a run not yet evaluated takes its own modelled cost, scaled as measured evaluations compared with theirs', () => {
    const fashion = presetById('fashion-mnist')!.config;
    const stepMs = 100;
    const cost = (kind: 'ntp' | 'mutor2d', measuredMs: number[] = []) => ({ modelledMs: evalInSteps(fashion, kind) * stepMs, measuredMs });
    const ntp = cost('ntp', [3000, 3400]), mutor2d = cost('mutor2d');
    // NTP's evaluations took 3.2 s: MuToR-2D's, not measured yet, are estimated from them with its 8 extra passes
    const expected = 3200 * (mutor2d.modelledMs / ntp.modelledMs);
    expect(evalMs(mutor2d, [ntp, mutor2d])).toBeCloseTo(expected);
    expect(expected).toBeGreaterThan(2 * 3200);
    expect(evalMs(ntp, [ntp, mutor2d])).toBe(3200);
    // nothing measured: the model alone; once measured, its own
    expect(evalMs(mutor2d, [cost('ntp'), mutor2d])).toBe(mutor2d.modelledMs);
    expect(evalMs(cost('mutor2d', [9000]), [ntp])).toBe(9000);
  });

  it('the loop overhead counts rounds of bare submissions together with the readback that waits for their GPU work', () => {
    // Tiny in Chromium (SwiftShader), both runs' steps to the second readback: a step that reads nothing back returns
    // once submitted, so a round of two such steps took 0.5 ms in a 7.8 ms round (the timer between rounds), and the
    // next readback waited 1.79 s for their GPU work. Taken alone that round made the factor 3.96 and the time left 4x.
    const overhead = new LoopOverhead();
    const rounds: [number, number, boolean][] = [[720.7, 723.5, true], [0.8, 0.9, false], [0.8, 0.9, false], [0.5, 7.8, false], [1789.9, 1793.1, true]];
    for (const [stepMs, wallMs, readBack] of rounds) overhead.round(stepMs, wallMs, readBack);
    // 1.002: the rounds up to the second readback came to 1802.7 ms for 1792 ms of steps
    expect(overhead.factor).toBeGreaterThan(1);
    expect(overhead.factor).toBeLessThan(1.01);
  });
});
