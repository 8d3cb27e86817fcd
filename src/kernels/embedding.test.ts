import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { createEmbedding, embeddingSegments } from './embedding';

describe('embedding gather / segmented scatter-add', () => {
  it('gathers token and register rows and sums gradients per row', async () => {
    const ctx = await testContext();
    const N = 53, C = 23, V = 37, R = 3, regOffset = 64 * Math.ceil((V * C) / 64) + 64; // a gap between the tables
    const tableFloats = regOffset + R * C;
    const ids = new Uint32Array(N).map(() => Math.floor(Math.random() * (V + R)));
    ids[0] = V + R - 1; ids[1] = 0; ids[2] = ids[1];
    const table = randomFloats(tableFloats), dx = randomFloats(N * C), dTable0 = randomFloats(tableFloats);

    const { rowStart, tokenList } = embeddingSegments(ids, V + R);
    const k = await createEmbedding(ctx, { N, C, V, R, regOffset });
    const b = ctx.buffers;
    const idsBuf = b.upload('ids', ids), tableBuf = b.upload('table', table), dxBuf = b.upload('dx', dx);
    const rowStartBuf = b.upload('rowStart', rowStart), tokenListBuf = b.upload('tokenList', tokenList);
    const dTableBuf = b.upload('dTable', dTable0);
    const xBuf = b.create('x', N * C * 4);
    poisonBuffer(ctx, xBuf);
    const rec = new Recorder(ctx);
    for (const d of [...k.bindForward(idsBuf, tableBuf, xBuf), ...k.bindBackward(dxBuf, rowStartBuf, tokenListBuf, dTableBuf)]) rec.dispatch(d);
    rec.submit();

    const rowAt = (id: number) => (id < V ? id * C : regOffset + (id - V) * C);
    const wantX = new Float64Array(N * C), wantD = Float64Array.from(dTable0);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        wantX[n * C + c] = table[rowAt(ids[n]) + c];
        wantD[rowAt(ids[n]) + c] += dx[n * C + c];
      }
    }
    expectClose(await readFloat32(ctx, xBuf, 0, N * C), wantX, 1e-7, 'x');
    expectClose(await readFloat32(ctx, dTableBuf, 0, tableFloats), wantD, 1e-6, 'dTable');
    for (const buf of [idsBuf, tableBuf, dxBuf, rowStartBuf, tokenListBuf, dTableBuf, xBuf]) b.destroy(buf);
  });

  it('split into a token part and a register part in two buffers: the same x, and only the register rows summed', async () => {
    const ctx = await testContext();
    const N = 41, C = 13, V = 29, R = 2;
    const ids = new Uint32Array(N).map(() => Math.floor(Math.random() * (V + R)));
    ids[0] = V; ids[1] = V + R - 1; ids[2] = 0;
    const tokens = randomFloats(V * C), registers = randomFloats(R * C), dx = randomFloats(N * C), dReg0 = randomFloats(R * C);
    const { rowStart, tokenList } = embeddingSegments(ids, V + R);
    const [tk, rk] = await Promise.all([
      createEmbedding(ctx, { N, C, V, R, regOffset: 0, part: 'tokens' }),
      createEmbedding(ctx, { N, C, V, R, regOffset: 0, part: 'registers' }),
    ]);
    const b = ctx.buffers;
    const bufs = {
      ids: b.upload('ids', ids), tokens: b.upload('tokens', tokens), registers: b.upload('registers', registers), dx: b.upload('dx', dx),
      rowStart: b.upload('rowStart', rowStart), tokenList: b.upload('tokenList', tokenList), dReg: b.upload('dReg', dReg0), x: b.create('x', N * C * 4),
    };
    poisonBuffer(ctx, bufs.x);
    const rec = new Recorder(ctx);
    for (const d of [
      ...tk.bindForward(bufs.ids, bufs.tokens, bufs.x), ...rk.bindForward(bufs.ids, bufs.registers, bufs.x),
      ...rk.bindBackward(bufs.dx, bufs.rowStart, bufs.tokenList, bufs.dReg),
    ]) rec.dispatch(d);
    rec.submit();
    const wantX = new Float64Array(N * C), wantD = Float64Array.from(dReg0);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const id = ids[n];
        wantX[n * C + c] = id < V ? tokens[id * C + c] : registers[(id - V) * C + c];
        if (id >= V) wantD[(id - V) * C + c] += dx[n * C + c];
      }
    }
    expectClose(await readFloat32(ctx, bufs.x, 0, N * C), wantX, 1e-7, 'x');
    expectClose(await readFloat32(ctx, bufs.dReg, 0, R * C), wantD, 1e-6, 'dRegisters');
    for (const buf of Object.values(bufs)) b.destroy(buf);
  });

  it('builds a CSR index in token order and rejects ids outside the table', () => {
    const { rowStart, tokenList } = embeddingSegments([2, 0, 2, 1], 4);
    expect([...rowStart]).toEqual([0, 1, 2, 4, 4]);
    expect([...tokenList]).toEqual([1, 3, 0, 2]);
    expect(() => embeddingSegments([4], 4)).toThrow(/outside/);
  });
});
