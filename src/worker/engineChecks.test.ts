// The engine's acceptance checks (src/worker/engineChecks.ts) in Node on lavapipe; the same functions run in the browser's
// Worker behind the GPU card's "Engine check" button (e2e/engine.spec.ts).
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { alphaZeroGradientCheck, overfitCheck, OVERFIT_STEPS, registerInvarianceCheck } from './engineChecks';
import { engineCheckLimits as L } from './engineCheckLimits';

// Cold pipeline compiles on a loaded 2-core machine can take minutes: give each test room.
describe('engine checks', { timeout: 300_000 }, () => {
  it('registers are invisible: every regular token has the logits of the same sequence without registers', async () => {
    const r = await registerInvarianceCheck(await testContext());
    // 4 star graphs G(2,2), one token per node: 10 prompt tokens (BOS ca|cb/cb=) and 3 answer tokens (c b EOS) each,
    // a register before every answer token.
    expect(r.regularTokens).toBe(52);
    expect(r.registers).toBe(12);
    expect(r.maxAbsLogit).toBeGreaterThan(1); // logits of a few units: a leak would show
    expect(r.maxAbsDiff).toBeLessThan(L.invarianceMaxAbs);
    // Same layout, register row changed: the regular tokens do not move by a single bit, the registers do.
    expect(r.regularShiftWhenRegisterRowChanges).toBe(0);
    expect(r.registerShiftWhenRegisterRowChanges).toBeGreaterThan(0.1);
  });

  it('with a = 0 the gradients are NTP\'s and the register embedding gets exactly 0', async () => {
    const r = await alphaZeroGradientCheck(await testContext());
    expect(r.tensors).toBe(20); // every base tensor of the 2-layer tied model
    expect(r.registerGradMaxAbs).toBe(0);
    expect(r.maxRelDiff).toBeLessThan(L.alphaZeroMaxRel);
    expect(Math.abs(r.lossMutor - r.lossNtp)).toBeLessThanOrEqual(1e-6 * r.lossNtp);
    // What difference there is, is float32 summation order: on MuToR's token slots (registers as pads) NTP's
    // gradient is bitwise MuToR's.
    expect(r.sameSlots.differing).toBe(0);
  });

  it('a tiny model overfits a fixed batch, and the same seed gives the same curve', async () => {
    const ctx = await testContext();
    const r = await overfitCheck(ctx, OVERFIT_STEPS);
    expect(r.losses).toHaveLength(OVERFIT_STEPS);
    expect(r.losses[0]).toBeGreaterThan(1);
    expect(r.finalLoss).toBeLessThan(L.overfitFinalLoss);
    const again = await overfitCheck(ctx, 5);
    expect(again.losses).toEqual(r.losses.slice(0, 5));
  });
});
