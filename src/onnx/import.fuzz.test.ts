// Seeded fuzzing of ONNX imports: 200 corrupted exports per run (bytes flipped, cut or inserted; metadata fields set
// to hostile values; tensors reshaped, retyped, dropped, duplicated, renamed or poisoned with NaN), each with a clean
// outcome: importOnnx returns a valid config with finite parameters of its layout's size, or throws one line.
import { describe, expect, it } from 'vitest';
import { validateModelConfig, type ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import { createRng, type Rng } from '../util/random';
import { exportOnnx } from './export';
import { importOnnx } from './import';
import { decodeModel, encodeModel, type ModelProto } from './proto';
import { DataType } from './tensor';
import { onnxTestConfig, randomParams } from './testing';

const CASES = 200;
const HOSTILE_NUMBERS = [0, -1, 1e9, -1e-5, 0.5, 2 ** 31, NaN, 1e308, 3, 5];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function structural(bytes: Uint8Array, rng: Rng): Uint8Array {
  const m: ModelProto = decodeModel(bytes);
  const inits = m.graph!.initializer!;
  const t = pick(rng, inits);
  switch (rng.int(7)) {
    case 0: {
      const config = JSON.parse(m.metadata_props![0].value!) as Record<string, unknown>;
      const key = pick(rng, Object.keys(config));
      config[key] = rng.int(3) === 0 ? pick(rng, ['1d', '2d', true, null, 'x']) : pick(rng, HOSTILE_NUMBERS);
      m.metadata_props![0].value = JSON.stringify(config);
      break;
    }
    case 1: t.dims = t.dims!.map((d) => (rng.int(2) ? d : pick(rng, [0, 1, d + 1, 2 ** 31]))); break;
    case 2: t.data_type = pick(rng, [DataType.DOUBLE, DataType.INT64, 0, 99]); break;
    case 3: m.graph!.initializer = inits.filter((x) => x !== t); break;
    case 4: inits.push({ ...t }); break;
    case 5: t.name = pick(rng, ['layers.9.wq', 'extra', '', 'lmHead']); break;
    default: {
      const raw = t.raw_data!;
      const f = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      f[rng.int(f.length)] = pick(rng, [NaN, Infinity, -Infinity]);
      t.raw_data = new Uint8Array(f.buffer);
    }
  }
  return encodeModel(m);
}

function bytewise(bytes: Uint8Array, rng: Rng): Uint8Array {
  const b = Uint8Array.from(bytes);
  switch (rng.int(3)) {
    case 0:
      for (let k = 1 + rng.int(8); k > 0; k--) b[rng.int(b.length)] ^= 1 << rng.int(8);
      return b;
    case 1:
      return b.subarray(0, rng.int(b.length));
    default: {
      const at = rng.int(b.length);
      const junk = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
      return Uint8Array.from([...b.subarray(0, at), ...junk, ...b.subarray(at)]);
    }
  }
}

function expectClean(bytes: Uint8Array, what: string): 'accepted' | 'refused' {
  let result: { config: ModelConfig; params: Float32Array };
  try {
    result = importOnnx(bytes);
  } catch (e) {
    expect(e, what).toBeInstanceOf(Error);
    expect((e as Error).message, what).toMatch(/^onnx import: [^\n\r\u2028\u2029]+$/);
    return 'refused';
  }
  expect(() => validateModelConfig(result.config), what).not.toThrow();
  expect(result.params.length, what).toBe(buildLayout(result.config).totalSize);
  expect(result.params.every(Number.isFinite), what).toBe(true);
  return 'accepted';
}

describe('ONNX import, fuzzed', () => {
  it(`gives a clean outcome for ${CASES} seeded corrupted files`, () => {
    const rng = createRng(14);
    const originals = [onnxTestConfig(), onnxTestConfig({ tieEmbeddings: false, ropeMode: '2d' })].map((c) => exportOnnx(c, randomParams(c, 2)));
    const outcomes = { accepted: 0, refused: 0 };
    for (let n = 0; n < CASES; n++) {
      const original = pick(rng, originals);
      const bytes = n % 2 === 0 ? structural(original, rng) : bytewise(original, rng);
      outcomes[expectClean(bytes, `case ${n}`)]++;
    }
    // Most corruptions are refused; some (a flipped weight bit, a harmless metadata value) still load, checked above.
    expect(outcomes.refused).toBeGreaterThan(CASES / 2);
    expect(outcomes.accepted).toBeGreaterThan(0);
  });
});
