// The small image classifier the image task's samples are judged by (class accuracy, and the Fréchet distance in its
// feature space: frechet.ts). Trained here in float64 on the real train images (scripts/train-image-classifier.ts)
// and shipped as float32 weights in public/data/.
//   x = level / (levels - 1)                    [h·w] pixels in [0, 1]
//   f = relu(x · W1 + b1)                       [F] features (F = 32)
//   logits = f · W2 + b2                        [K] classes
// File: 'MCLS', u16 LE inputs, F, K, then W1 [inputs·F], b1 [F], W2 [F·K], b2 [K] as float32 LE.
import type { Rng } from '../../util/random';

export interface ImageClassifier {
  inputs: number;
  features: number;
  classes: number;
  /** Gray levels of the images it reads (pixels are scaled by levels - 1). */
  levels: number;
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
}

const MAGIC = 'MCLS';

export function createClassifier(inputs: number, features: number, classes: number, levels: number, rng: Rng): ImageClassifier {
  const uniform = (n: number, fanIn: number, fanOut: number) => {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return Float64Array.from({ length: n }, () => (2 * rng.next() - 1) * a);
  };
  return {
    inputs, features, classes, levels,
    w1: uniform(inputs * features, inputs, features), b1: new Float64Array(features),
    w2: uniform(features * classes, features, classes), b2: new Float64Array(classes),
  };
}

/** The feature vector [F] of one image of gray levels. */
export function classifierFeatures(c: ImageClassifier, pixels: ArrayLike<number>): Float64Array {
  const f = Float64Array.from(c.b1), scale = 1 / (c.levels - 1);
  for (let i = 0; i < c.inputs; i++) {
    const x = pixels[i] * scale;
    if (x === 0) continue;
    for (let j = 0; j < c.features; j++) f[j] += x * c.w1[i * c.features + j];
  }
  for (let j = 0; j < c.features; j++) f[j] = Math.max(0, f[j]);
  return f;
}

/** Logits [K] of features f. */
export function classifierLogits(c: ImageClassifier, f: Float64Array): Float64Array {
  const out = Float64Array.from(c.b2);
  for (let j = 0; j < c.features; j++) for (let k = 0; k < c.classes; k++) out[k] += f[j] * c.w2[j * c.classes + k];
  return out;
}

export function classify(c: ImageClassifier, pixels: ArrayLike<number>): number {
  const logits = classifierLogits(c, classifierFeatures(c, pixels));
  let best = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
  return best;
}

/** Mean cross-entropy of a minibatch and its gradients [w1, b1, w2, b2]. */
export function classifierGradients(c: ImageClassifier, images: readonly ArrayLike<number>[], labels: readonly number[]): { loss: number; grads: Float64Array[] } {
  const grads = [c.w1, c.b1, c.w2, c.b2].map((t) => new Float64Array(t.length));
  const [g1, gb1, g2, gb2] = grads, F = c.features, K = c.classes, scale = 1 / (c.levels - 1), n = images.length;
  let loss = 0;
  images.forEach((pixels, b) => {
    const f = classifierFeatures(c, pixels), logits = classifierLogits(c, f);
    const max = Math.max(...logits);
    const exp = logits.map((v) => Math.exp(v - max)), sum = exp.reduce((a, v) => a + v, 0);
    loss += (Math.log(sum) + max - logits[labels[b]]) / n;
    const dLogits = exp.map((e, k) => (e / sum - (k === labels[b] ? 1 : 0)) / n);
    const df = new Float64Array(F);
    for (let j = 0; j < F; j++) {
      for (let k = 0; k < K; k++) {
        g2[j * K + k] += f[j] * dLogits[k];
        df[j] += c.w2[j * K + k] * dLogits[k];
      }
      if (f[j] <= 0) df[j] = 0;
      gb1[j] += df[j];
    }
    for (let k = 0; k < K; k++) gb2[k] += dLogits[k];
    for (let i = 0; i < c.inputs; i++) {
      const x = pixels[i] * scale;
      if (x !== 0) for (let j = 0; j < F; j++) g1[i * F + j] += x * df[j];
    }
  });
  return { loss, grads };
}

/** One Adam step on the mean cross-entropy of a minibatch; returns that loss. `state` holds the moments and step. */
export function trainStep(c: ImageClassifier, images: readonly ArrayLike<number>[], labels: readonly number[], state: AdamState, lr: number): number {
  const { loss, grads } = classifierGradients(c, images, labels);
  state.step++;
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  [c.w1, c.b1, c.w2, c.b2].forEach((t, ti) => {
    const m = state.m[ti], v = state.v[ti], g = grads[ti];
    for (let i = 0; i < t.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      t[i] -= (lr * (m[i] / (1 - b1 ** state.step))) / (Math.sqrt(v[i] / (1 - b2 ** state.step)) + eps);
    }
  });
  return loss;
}

export interface AdamState {
  step: number;
  m: Float64Array[];
  v: Float64Array[];
}

export function adamState(c: ImageClassifier): AdamState {
  const sizes = [c.w1, c.b1, c.w2, c.b2].map((t) => t.length);
  return { step: 0, m: sizes.map((n) => new Float64Array(n)), v: sizes.map((n) => new Float64Array(n)) };
}

export function encodeClassifier(c: ImageClassifier): Uint8Array<ArrayBuffer> {
  const floats = [c.w1, c.b1, c.w2, c.b2].reduce((n, t) => n + t.length, 0);
  const out = new Uint8Array(12 + 4 * floats), view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  [c.inputs, c.features, c.classes, c.levels].forEach((v, i) => view.setUint16(4 + 2 * i, v, true));
  let o = 12;
  for (const t of [c.w1, c.b1, c.w2, c.b2]) {
    for (const v of t) {
      view.setFloat32(o, v, true);
      o += 4;
    }
  }
  return out;
}

/** Throws naming what is wrong with a file that is not a classifier of this format. */
export function decodeClassifier(bytes: Uint8Array, source = 'classifier'): ImageClassifier {
  if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw new Error(`${source}: not a classifier (no ${MAGIC} header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [inputs, features, classes, levels] = [0, 1, 2, 3].map((i) => view.getUint16(4 + 2 * i, true));
  const sizes = [inputs * features, features, features * classes, classes];
  const want = 12 + 4 * sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== want) throw new Error(`${source}: ${bytes.length} bytes, the header promises ${want}`);
  let o = 12;
  const [w1, b1, w2, b2] = sizes.map((n) => Float64Array.from({ length: n }, () => {
    const v = view.getFloat32(o, true);
    o += 4;
    return v;
  }));
  if (![w1, b1, w2, b2].every((t) => t.every(Number.isFinite))) throw new Error(`${source}: a weight is not finite`);
  return { inputs, features, classes, levels, w1, b1, w2, b2 };
}
