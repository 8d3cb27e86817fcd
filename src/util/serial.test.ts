import { describe, expect, it } from 'vitest';
import { Serial } from './serial';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Serial', () => {
  it('never interleaves two jobs and keeps call order, even after a failure', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([serial.run(job('a')), serial.run(job('b', true)), serial.run(job('c'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
