// Prepares the Fashion-MNIST image set the fashionMnist task trains on, from Debian's dataset-fashion-mnist package
// (the original IDX files of github.com/zalandoresearch/fashion-mnist, MIT licence):
//   npx tsx scripts/prepare-fashion-mnist.ts           writes public/data/fashion-mnist-12x12x8.bin and its card .json
//   npx tsx scripts/prepare-fashion-mnist.ts --check   rebuilds both in memory and exits 1 unless they equal the shipped
//                                                      bytes (and the inputs their recorded SHA-256)
// Preparation, per 28×28 image with 8-bit gray values g (0 = background):
//   crop the 2-pixel border (28×28 -> 24×24; the garments lie inside it), sum each 2×2 block (s in 0..1020, 12×12),
//   quantize to 8 levels: level = floor(s · 8 / 1024), i.e. the block mean's top 3 bits.
// Splits: train = original train images 0..9,999; validation = original train 10,000..10,999; test = original test
// images 0..1,999 (both original sets are already in random class order).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeImageSet, type LabeledImages } from '../src/tasks/images/imageSet';

const SOURCE = '/usr/share/datasets/fashion-mnist';
const OUT_DIR = join(import.meta.dirname, '..', 'public', 'data');
const BIN = 'fashion-mnist-12x12x8.bin';
const CARD = 'fashion-mnist.json';
const SIZE = 12, LEVELS = 8, CROP = 2, BLOCK = 2;
const COUNTS = { train: 10_000, validation: 1_000, test: 2_000 };
const INPUTS = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readInput(name: string): { raw: Uint8Array; idx: Uint8Array } {
  let raw: Uint8Array;
  try {
    raw = readFileSync(join(SOURCE, name));
  } catch {
    throw new Error(`${join(SOURCE, name)} is missing: apt-get install -y dataset-fashion-mnist`);
  }
  return { raw, idx: gunzipSync(raw) };
}

/** IDX payload after its header, checked: magic 0x0801 (labels) or 0x0803 (28×28 images). */
function idxBody(idx: Uint8Array, name: string, images: boolean): { n: number; body: Uint8Array } {
  const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
  const magic = view.getUint32(0), n = view.getUint32(4);
  if (magic !== (images ? 0x803 : 0x801)) throw new Error(`${name}: IDX magic ${magic.toString(16)} is not ${images ? '803' : '801'}`);
  if (images && (view.getUint32(8) !== 28 || view.getUint32(12) !== 28)) throw new Error(`${name}: images are not 28×28`);
  const offset = images ? 16 : 8;
  return { n, body: idx.subarray(offset) };
}

function downsample(image: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      let s = 0;
      for (let dr = 0; dr < BLOCK; dr++) for (let dc = 0; dc < BLOCK; dc++) s += image[(CROP + BLOCK * r + dr) * 28 + CROP + BLOCK * c + dc];
      out[r * SIZE + c] = Math.floor((s * LEVELS) / 1024);
    }
  }
  return out;
}

function take(images: Uint8Array, labels: Uint8Array, from: number, count: number): LabeledImages {
  const pixels = new Uint8Array(count * SIZE * SIZE);
  for (let i = 0; i < count; i++) pixels.set(downsample(images.subarray((from + i) * 784, (from + i + 1) * 784)), i * SIZE * SIZE);
  return { labels: labels.slice(from, from + count), pixels };
}

function build(): { bin: Uint8Array; card: string } {
  const inputs = INPUTS.map((name) => ({ name, ...readInput(name) }));
  const [trainImages, trainLabels, testImages, testLabels] = inputs.map(({ name, idx }, i) => idxBody(idx, name, i % 2 === 0));
  if (trainImages.n !== trainLabels.n || testImages.n !== testLabels.n) throw new Error('image and label counts differ');
  const bin = encodeImageSet({
    h: SIZE, w: SIZE, levels: LEVELS,
    train: take(trainImages.body, trainLabels.body, 0, COUNTS.train),
    validation: take(trainImages.body, trainLabels.body, COUNTS.train, COUNTS.validation),
    test: take(testImages.body, testLabels.body, 0, COUNTS.test),
  });
  const card = {
    file: BIN,
    bytes: bin.length,
    sha256: sha256(bin),
    source: 'Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), github.com/zalandoresearch/fashion-mnist, from Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1',
    licence: 'MIT (Expat), Copyright 2017 Zalando SE',
    inputs: inputs.map(({ name, raw }) => ({ file: join(SOURCE, name), sha256: sha256(raw) })),
    preparation: `crop ${CROP} px border (28x28 -> 24x24), sum ${BLOCK}x${BLOCK} blocks (-> ${SIZE}x${SIZE}), level = floor(sum * ${LEVELS} / 1024), ${LEVELS} gray levels`,
    splits: { train: `original train 0..${COUNTS.train - 1}`, validation: `original train ${COUNTS.train}..${COUNTS.train + COUNTS.validation - 1}`, test: `original test 0..${COUNTS.test - 1}` },
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    command: 'npx tsx scripts/prepare-fashion-mnist.ts',
  };
  return { bin, card: `${JSON.stringify(card, null, 2)}\n` };
}

const { bin, card } = build();
if (process.argv.includes('--check')) {
  const same = (file: string, want: Uint8Array | string) => Buffer.from(readFileSync(join(OUT_DIR, file))).equals(Buffer.from(want));
  const bad = [[BIN, bin], [CARD, card]].filter(([file, want]) => !same(file as string, want)).map(([file]) => file);
  console.log(bad.length ? `differs from the shipped bytes: ${bad.join(', ')}` : `${BIN} (${bin.length} bytes, sha256 ${sha256(bin)}) and ${CARD} are byte-identical to the shipped files`);
  process.exit(bad.length ? 1 : 0);
}
writeFileSync(join(OUT_DIR, BIN), bin);
writeFileSync(join(OUT_DIR, CARD), card);
console.log(`wrote public/data/${BIN} (${bin.length} bytes) and public/data/${CARD}`);
