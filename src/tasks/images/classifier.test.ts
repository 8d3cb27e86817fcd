import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/random';
import { classifierGradients, classify, createClassifier, decodeClassifier, encodeClassifier } from './classifier';
import { frechetDistance } from './frechet';
import { decodeImageSet, imageAt } from './imageSet';

const data = (file: string) => readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'data', file));

describe('the image classifier', () => {
  it('has the gradients of central differences in every weight (inputs 7, features 5, classes 3)', () => {
    const rng = createRng(11);
    const c = createClassifier(7, 5, 3, 8, rng);
    c.b1.forEach((_, j) => (c.b1[j] = 0.3 * rng.normal())); // some features on, some off
    const images = Array.from({ length: 4 }, () => Array.from({ length: 7 }, () => rng.int(8)));
    const labels = [0, 2, 1, 2];
    const { grads } = classifierGradients(c, images, labels);
    [c.w1, c.b1, c.w2, c.b2].forEach((t, ti) => {
      for (let i = 0; i < t.length; i++) {
        const keep = t[i], h = 1e-6;
        t[i] = keep + h;
        const up = classifierGradients(c, images, labels).loss;
        t[i] = keep - h;
        const down = classifierGradients(c, images, labels).loss;
        t[i] = keep;
        expect(Math.abs(grads[ti][i] - (up - down) / (2 * h))).toBeLessThan(1e-7);
      }
    });
  });

  it('round-trips through its file format as float32 and rejects a broken file', () => {
    const c = createClassifier(6, 4, 3, 8, createRng(2));
    const back = decodeClassifier(encodeClassifier(c));
    expect(Array.from(back.w1)).toEqual(Array.from(Float32Array.from(c.w1)));
    expect(() => decodeClassifier(encodeClassifier(c).subarray(0, 30))).toThrow(/header promises/);
    expect(() => decodeClassifier(new Uint8Array(40))).toThrow(/not a classifier/);
  });

  it('the shipped classifier scores the test accuracy its card reports on the shipped test images', () => {
    const card = JSON.parse(data('fashion-mnist-classifier.json').toString()) as { testAccuracy: number };
    const c = decodeClassifier(data('fashion-mnist-classifier.bin'));
    const set = decodeImageSet(data('fashion-mnist-12x12x8.bin'));
    const n = set.test.labels.length;
    let right = 0;
    for (let i = 0; i < n; i++) if (classify(c, imageAt(set.test, i, set.h, set.w)) === set.test.labels[i]) right++;
    expect(right / n).toBeCloseTo(card.testAccuracy, 4);
    expect(card.testAccuracy).toBeGreaterThan(0.75);
  });
});

describe('fréchetDistance', () => {
  const rng = createRng(5), k = 6;
  const rows = Array.from({ length: 40 }, () => Float64Array.from({ length: k }, (_, i) => rng.normal() * (i + 1) + i));
  const mean = Array.from({ length: k }, (_, i) => rows.reduce((a, r) => a + r[i], 0) / rows.length);
  const traceCov = Array.from({ length: k }, (_, i) => rows.reduce((a, r) => a + (r[i] - mean[i]) ** 2, 0) / (rows.length - 1)).reduce((a, b) => a + b, 0);

  it('is |s|² between a set and the set shifted by s (equal covariances), and 0 for the set itself', () => {
    const s = [0.5, -1, 2, 0, 0.25, 3];
    expect(frechetDistance(rows, rows)).toBeCloseTo(0, 8);
    expect(frechetDistance(rows, rows.map((r) => r.map((v, i) => v + s[i])))).toBeCloseTo(s.reduce((a, v) => a + v * v, 0), 8);
  });

  it('is (1 - c)² (|μ|² + Tr Σ) between a set and the set scaled by c (the covariance square root at work)', () => {
    for (const c of [0.5, 2, 3.5]) {
      const want = (1 - c) ** 2 * (mean.reduce((a, v) => a + v * v, 0) + traceCov);
      expect(frechetDistance(rows, rows.map((r) => r.map((v) => c * v)))).toBeCloseTo(want, 6);
    }
  });
});
