// A small labelled image set in one binary file (public/data/, written by scripts/prepare-fashion-mnist.ts):
//   header 20 bytes: 'MIMG', version u8 = 1, h u8, w u8, levels u8 (2..16), then u32 LE counts of train, validation,
//          test images
//   labels  one byte per image (train, then validation, then test)
//   pixels  per image ceil(h·w / 2) bytes, raster order, two gray levels per byte (high nibble first)
// Read from the task data files (src/tasks/dataFiles.ts), so that tasks can build their examples synchronously.
import { decodedOnce } from '../dataFiles';

export interface LabeledImages {
  /** [n] class of each image. */
  labels: Uint8Array;
  /** [n·h·w] gray level of each pixel, 0..levels-1, images one after another in raster order. */
  pixels: Uint8Array;
}

export interface ImageSet {
  h: number;
  w: number;
  levels: number;
  train: LabeledImages;
  validation: LabeledImages;
  test: LabeledImages;
}

const MAGIC = 'MIMG';
const VERSION = 1;
const HEADER_BYTES = 20;
const SPLITS = ['train', 'validation', 'test'] as const;

export function encodeImageSet(set: ImageSet): Uint8Array<ArrayBuffer> {
  const { h, w, levels } = set;
  checkShape(h, w, levels);
  const perImage = Math.ceil((h * w) / 2);
  const counts = SPLITS.map((s) => set[s].labels.length);
  const total = counts.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(HEADER_BYTES + total * (1 + perImage));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  out.set([VERSION, h, w, levels], 4);
  counts.forEach((n, i) => view.setUint32(8 + 4 * i, n, true));
  let label = HEADER_BYTES, pixel = HEADER_BYTES + total;
  for (const s of SPLITS) {
    const { labels, pixels } = set[s];
    if (pixels.length !== labels.length * h * w) throw new Error(`image set: ${s} has ${pixels.length} pixels for ${labels.length} images of ${h}×${w}`);
    out.set(labels, label);
    label += labels.length;
    for (let img = 0; img < labels.length; img++, pixel += perImage) {
      for (let k = 0; k < h * w; k++) {
        const v = pixels[img * h * w + k];
        if (v >= levels) throw new Error(`image set: ${s} image ${img} has gray level ${v}, outside 0..${levels - 1}`);
        out[pixel + (k >> 1)] |= k & 1 ? v : v << 4;
      }
    }
  }
  return out;
}

/** Throws naming what is wrong with a file that is not an image set of this format. */
export function decodeImageSet(bytes: Uint8Array, source = 'image set'): ImageSet {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw new Error(`${source}: not an image set (no ${MAGIC} header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, h, w, levels] = bytes.subarray(4, 8);
  if (version !== VERSION) throw new Error(`${source}: format version ${version}, this build reads ${VERSION}`);
  checkShape(h, w, levels);
  const counts = SPLITS.map((_, i) => view.getUint32(8 + 4 * i, true));
  const total = counts.reduce((a, b) => a + b, 0), perImage = Math.ceil((h * w) / 2);
  const want = HEADER_BYTES + total * (1 + perImage);
  if (bytes.length !== want) throw new Error(`${source}: ${bytes.length} bytes, the header promises ${want}`);
  let label = HEADER_BYTES, pixel = HEADER_BYTES + total;
  const split = (n: number): LabeledImages => {
    const labels = bytes.slice(label, label + n), pixels = new Uint8Array(n * h * w);
    label += n;
    for (let img = 0; img < n; img++, pixel += perImage) {
      for (let k = 0; k < h * w; k++) {
        const byte = bytes[pixel + (k >> 1)];
        pixels[img * h * w + k] = k & 1 ? byte & 15 : byte >> 4;
      }
    }
    return { labels, pixels };
  };
  const [train, validation, test] = counts.map(split);
  for (const [name, s] of [['train', train], ['validation', validation], ['test', test]] as const) {
    for (let i = 0; i < s.pixels.length; i++) if (s.pixels[i] >= levels) throw new Error(`${source}: a ${name} pixel has gray level ${s.pixels[i]}, outside 0..${levels - 1}`);
  }
  return { h, w, levels, train, validation, test };
}

function checkShape(h: number, w: number, levels: number): void {
  if (!(h >= 1 && h <= 255 && w >= 1 && w <= 255)) throw new Error(`image set: size ${h}×${w} is outside 1..255`);
  if (!(levels >= 2 && levels <= 16)) throw new Error(`image set: ${levels} gray levels, the format holds 2..16`);
}

/** The image at `index` of a split: [h·w] gray levels. */
export function imageAt(images: LabeledImages, index: number, h: number, w: number): Uint8Array {
  return images.pixels.subarray(index * h * w, (index + 1) * h * w);
}

/** The set in data file `file` (src/tasks/dataFiles.ts), decoded once. */
export const imageSetOf = decodedOnce(decodeImageSet);
