// Trains the small classifier that judges Fashion-MNIST samples (src/tasks/images/classifier.ts) on the shipped image
// set's train split, keeps the epoch with the best validation accuracy, and writes its float32 weights and a card
// with its test accuracy and the Fréchet-distance floor (two halves of the real test set):
//   npx tsx scripts/train-image-classifier.ts      public/data/fashion-mnist-classifier.bin and .json (a minute or two)
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { adamState, classifierFeatures, classify, createClassifier, decodeClassifier, encodeClassifier, trainStep, type ImageClassifier } from '../src/tasks/images/classifier';
import { frechetDistance } from '../src/tasks/images/frechet';
import { decodeImageSet, imageAt, type LabeledImages } from '../src/tasks/images/imageSet';
import { createRng } from '../src/util/random';

const DATA = join(import.meta.dirname, '..', 'public', 'data');
const SET = 'fashion-mnist-12x12x8.bin', OUT = 'fashion-mnist-classifier';
const FEATURES = 32, EPOCHS = 15, BATCH = 64, LR = 3e-3, SEED = 1;

const setBytes = readFileSync(join(DATA, SET));
const set = decodeImageSet(setBytes, SET);
const images = (s: LabeledImages) => Array.from(s.labels, (_, i) => imageAt(s, i, set.h, set.w));
const accuracy = (c: ImageClassifier, s: LabeledImages) => images(s).filter((x, i) => classify(c, x) === s.labels[i]).length / s.labels.length;

const rng = createRng(SEED);
const classifier = createClassifier(set.h * set.w, FEATURES, 10, set.levels, rng);
const state = adamState(classifier);
const train = images(set.train);
let best = { epoch: 0, accuracy: -1, bytes: encodeClassifier(classifier) };
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const order = train.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let loss = 0;
  for (let s = 0; s + BATCH <= order.length; s += BATCH) {
    const idx = order.slice(s, s + BATCH);
    loss += trainStep(classifier, idx.map((i) => train[i]), idx.map((i) => set.train.labels[i]), state, LR) / Math.floor(order.length / BATCH);
  }
  const shipped = decodeClassifier(encodeClassifier(classifier));
  const val = accuracy(shipped, set.validation);
  console.log(`epoch ${epoch}: train loss ${loss.toFixed(4)}, validation accuracy ${(100 * val).toFixed(2)}%`);
  if (val > best.accuracy) best = { epoch, accuracy: val, bytes: encodeClassifier(classifier) };
}

const shipped = decodeClassifier(best.bytes);
const test = images(set.test), half = test.length / 2;
const features = test.map((x) => classifierFeatures(shipped, x));
const card = {
  file: `${OUT}.bin`,
  bytes: best.bytes.length,
  sha256: createHash('sha256').update(best.bytes).digest('hex'),
  model: `MLP ${set.h * set.w} -> ${FEATURES} (ReLU: the features) -> 10, float32 weights`,
  trainedOn: `${SET} (sha256 ${createHash('sha256').update(setBytes).digest('hex')}), train split, ${EPOCHS} epochs of Adam (lr ${LR}, batch ${BATCH}, seed ${SEED}); kept epoch ${best.epoch}, the best on the validation split`,
  validationAccuracy: Number(best.accuracy.toFixed(4)),
  testAccuracy: Number(accuracy(shipped, set.test).toFixed(4)),
  frechetFloor: {
    value: Number(frechetDistance(features.slice(0, half), features.slice(half)).toFixed(4)),
    what: `Fréchet distance in the features between real test images 0..${half - 1} and ${half}..${test.length - 1}: what a perfect generator scores with ${half} samples`,
  },
  command: 'npx tsx scripts/train-image-classifier.ts',
};
writeFileSync(join(DATA, `${OUT}.bin`), best.bytes);
writeFileSync(join(DATA, `${OUT}.json`), `${JSON.stringify(card, null, 2)}\n`);
console.log(JSON.stringify(card, null, 2));
