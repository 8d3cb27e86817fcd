// Class-conditional image generation on Fashion-MNIST at 12×12 with 8 gray levels (public/data/fashion-mnist.json
// says how the set was prepared, from what, and under which licence).
//   prompt  [BOS, class token]        class c (0..9) is the letter ALPHANUMERIC[10 + c] ('a' = T-shirt/top, ...)
//   answer  144 pixel tokens          gray level v (0..7, 0 = background) is the digit ALPHANUMERIC[v]; raster order,
//                                     no EOS: every image has exactly h·w tokens
// Examples come from the set's own splits (train: original train images, test: original test images), not generated.
// A generated answer "is correct" when it is a whole image of pixel tokens that the task's classifier (an MLP trained
// on the train images: src/tasks/images/classifier.ts, public/data/fashion-mnist-classifier.json) puts in the class
// the prompt asked for; the Fréchet distance of samples is measured in that classifier's features.
import type { Rng } from '../../util/random';
import { ALPHANUMERIC, BOS, encode } from '../tokenizer';
import type { Example, Task, TaskDefinition } from '../task';
import { decodedOnce } from '../dataFiles';
import { classifierFeatures, classify, decodeClassifier } from './classifier';
import { frechetDistance } from './frechet';
import { imageAt, imageSetOf, type LabeledImages } from './imageSet';

export const FASHION_MNIST_FILE = 'fashion-mnist-12x12x8.bin';
const CLASSIFIER_FILE = 'fashion-mnist-classifier.bin';
const classifierOf = decodedOnce(decodeClassifier);
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
const LEVELS = 8;
const GRID = { h: 12, w: 12, levels: LEVELS };

const pixelIds = encode(ALPHANUMERIC.slice(0, LEVELS));
const classIds = encode(ALPHANUMERIC.slice(10, 10 + FASHION_MNIST_CLASSES.length));

/** The token of gray level v. */
export const pixelToken = (v: number) => pixelIds[v];
/** The gray level of a token, or -1 when it is not a pixel token. */
export const pixelLevel = (id: number) => pixelIds.indexOf(id);

/** The example of one image of class `label`. */
export function imageExample(pixels: ArrayLike<number>, label: number): Example {
  const answer = Array.from(pixels, pixelToken);
  return {
    prompt: [BOS, classIds[label]],
    answer,
    promptText: FASHION_MNIST_CLASSES[label],
    answerText: Array.from(pixels, (v) => ALPHANUMERIC[v]).join(''),
    meta: { label },
    grid: GRID,
  };
}

/** The gray levels of a generated answer: a whole image of pixel tokens, else null. */
export function generatedImage(ids: readonly number[]): number[] | null {
  const levels = ids.map(pixelLevel);
  return levels.length === GRID.h * GRID.w && levels.every((v) => v >= 0) ? levels : null;
}

function examples(images: LabeledImages, n: number, split: string): Example[] {
  if (n > images.labels.length) throw new Error(`task fashionMnist: the ${split} split has ${images.labels.length} images, ${n} were asked for`);
  return Array.from({ length: n }, (_, i) => imageExample(imageAt(images, i, GRID.h, GRID.w), images.labels[i]));
}

function loadedSet() {
  const set = imageSetOf(FASHION_MNIST_FILE);
  if (set.h !== GRID.h || set.w !== GRID.w || set.levels !== LEVELS) throw new Error(`${FASHION_MNIST_FILE}: ${set.h}×${set.w} at ${set.levels} levels, the task expects ${GRID.h}×${GRID.w} at ${LEVELS}`);
  return set;
}

export const fashionMnist: TaskDefinition = {
  name: 'fashionMnist',
  description: 'Draw a Fashion-MNIST garment of the given class, 12×12 pixels at 8 gray levels, pixel by pixel in raster order.',
  knobSpecs: [],
  grid: GRID,
  dataFiles: [FASHION_MNIST_FILE, CLASSIFIER_FILE],
  create(knobs): Task {
    return {
      name: 'fashionMnist',
      description: fashionMnist.description,
      knobs,
      generate(rng: Rng, count: number) {
        const { train } = loadedSet();
        return Array.from({ length: count }, () => {
          const i = rng.int(train.labels.length);
          return imageExample(imageAt(train, i, GRID.h, GRID.w), train.labels[i]);
        });
      },
      evaluate(example, generated) {
        const image = generatedImage(generated);
        return image !== null && classify(classifierOf(CLASSIFIER_FILE), image) === example.meta?.label;
      },
      frechetDistance(examples, generated) {
        const c = classifierOf(CLASSIFIER_FILE);
        const samples = generated.map(generatedImage).filter((x): x is number[] => x !== null);
        if (samples.length < 2) return null;
        const real = examples.map((e) => classifierFeatures(c, e.answer.map(pixelLevel)));
        return frechetDistance(samples.map((x) => classifierFeatures(c, x)), real);
      },
      datasetSplits(nTrain, nTest) {
        const set = loadedSet();
        return { train: examples(set.train, nTrain, 'train'), test: examples(set.test, nTest, 'test') };
      },
    };
  },
};
