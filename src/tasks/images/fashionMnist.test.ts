import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/random';
import { provideDataFile } from '../dataFiles';
import { makeSplits, tasks } from '../index';
import { BOS, decode } from '../tokenizer';
import { FASHION_MNIST_CLASSES, generatedImage, imageExample, pixelToken } from './fashionMnist';
import { decodeImageSet, encodeImageSet, imageAt } from './imageSet';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'public', 'data');
for (const file of tasks.fashionMnist.dataFiles!) provideDataFile(file, readFileSync(join(dataDir, file)));
const set = decodeImageSet(readFileSync(join(dataDir, 'fashion-mnist-12x12x8.bin')));

describe('the image set file', () => {
  it('holds the splits its card names: 10,000 train, 1,000 validation, 2,000 test images of 12×12 at 8 levels, every class present', () => {
    expect([set.h, set.w, set.levels, set.train.labels.length, set.validation.labels.length, set.test.labels.length]).toEqual([12, 12, 8, 10_000, 1_000, 2_000]);
    for (const s of [set.train, set.validation, set.test]) expect(new Set(s.labels).size).toBe(10);
  });

  it('round-trips an odd-sized set of random images and names what is wrong with a broken file', () => {
    const rng = createRng(4), h = 5, w = 3, levels = 5;
    const split = (n: number) => ({ labels: Uint8Array.from({ length: n }, () => rng.int(10)), pixels: Uint8Array.from({ length: n * h * w }, () => rng.int(levels)) });
    const original = { h, w, levels, train: split(7), validation: split(1), test: split(3) };
    const bytes = encodeImageSet(original);
    expect(decodeImageSet(bytes)).toEqual(original);
    expect(() => decodeImageSet(bytes.subarray(0, bytes.length - 1), 'f.bin')).toThrow(/f.bin: .* bytes, the header promises/);
    expect(() => decodeImageSet(new Uint8Array(30), 'f.bin')).toThrow(/not an image set/);
    expect(() => encodeImageSet({ ...original, levels: 4 })).toThrow(/gray level 4/);
  });
});

describe('task fashionMnist', () => {
  it('prompts with BOS and the class letter; the answer is the image, one digit token per gray level, on a 12×12 grid', () => {
    const e = imageExample(imageAt(set.test, 1, 12, 12), set.test.labels[1]);
    expect(e.prompt).toHaveLength(2);
    expect(decode(e.prompt)).toBe(`⟨bos⟩${'abcdefghij'[set.test.labels[1]]}`);
    expect(e.promptText).toBe(FASHION_MNIST_CLASSES[set.test.labels[1]]);
    expect(decode(e.answer)).toBe(e.answerText);
    expect(e.answerText).toBe(Array.from(imageAt(set.test, 1, 12, 12)).join(''));
    expect(e.grid).toEqual({ h: 12, w: 12, levels: 8 });
  });

  it('splits are the first images of the set\'s own train and test splits, and asking for more than it holds says so', () => {
    const { train, test } = makeSplits(tasks.fashionMnist, {}, 1, 30, 20);
    expect(train.map((e) => e.meta?.label)).toEqual(Array.from(set.train.labels.subarray(0, 30)));
    expect(test[19].answerText).toBe(Array.from(imageAt(set.test, 19, 12, 12)).join(''));
    expect(() => makeSplits(tasks.fashionMnist, {}, 1, 10, 2001)).toThrow(/test split has 2000 images, 2001 were asked for/);
  });

  it('a real test image of the right class counts as correct when the classifier agrees; a cut or wrong-token image never', () => {
    const task = tasks.fashionMnist.create({});
    const { test } = makeSplits(tasks.fashionMnist, {}, 1, 1, 200);
    const right = test.filter((e) => task.evaluate(e, e.answer)).length;
    expect(right / test.length).toBeGreaterThan(0.7); // the classifier's test accuracy is 80%
    expect(task.evaluate(test[0], test[0].answer.slice(1))).toBe(false);
    expect(generatedImage([...test[0].answer.slice(1), BOS])).toBeNull();
    // Samples drawn from the real images of other examples: close in the classifier's features; blank images far.
    const fd = task.frechetDistance!;
    const real = fd(test.slice(0, 100), test.slice(100).map((e) => e.answer))!;
    const blank = fd(test.slice(0, 100), test.slice(100).map((e, i) => e.answer.map((_, k) => pixelToken(k === i ? 1 : 0))))!;
    expect(real).toBeLessThan(blank);
    expect(fd(test.slice(0, 2), [test[0].answer])).toBeNull();
  });
});
