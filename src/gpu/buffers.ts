// GPU buffers with an account of bytes in use, and typed upload helpers.
/** Usage flag sets. Getters: GPUBufferUsage is a global that Node only has after ./node.ts installs it. */
export const Usage = {
  get storage(): GPUBufferUsageFlags { return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST; },
  get uniform(): GPUBufferUsageFlags { return GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST; },
  get readback(): GPUBufferUsageFlags { return GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST; },
};

export class BufferPool {
  private readonly live = new Map<GPUBuffer, number>();
  bytesInUse = 0;
  peakBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  create(label: string, bytes: number, usage: GPUBufferUsageFlags = Usage.storage): GPUBuffer {
    // WebGPU wants sizes in multiples of 4; storage bindings of size 0 are invalid.
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    // Dawn would hand back an invalid buffer and report the error later; fail here, naming the buffer.
    if (!(size <= this.device.limits.maxBufferSize)) throw new Error(`buffer ${label}: ${bytes} bytes exceed the adapter's maxBufferSize ${this.device.limits.maxBufferSize}`);
    const buffer = this.device.createBuffer({ label, size, usage });
    this.live.set(buffer, size);
    this.bytesInUse += size;
    this.peakBytes = Math.max(this.peakBytes, this.bytesInUse);
    return buffer;
  }

  /** A storage buffer initialised with `data`. */
  upload(label: string, data: ArrayBufferView<ArrayBuffer>, usage: GPUBufferUsageFlags = Usage.storage): GPUBuffer {
    const buffer = this.create(label, data.byteLength, usage);
    this.write(buffer, data);
    return buffer;
  }

  write(buffer: GPUBuffer, data: ArrayBufferView<ArrayBuffer>, byteOffset = 0): void {
    // writeBuffer needs a multiple of 4 bytes.
    if (data.byteLength % 4 === 0) {
      this.device.queue.writeBuffer(buffer, byteOffset, data.buffer, data.byteOffset, data.byteLength);
    } else {
      const padded = new Uint8Array(Math.ceil(data.byteLength / 4) * 4);
      padded.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      this.device.queue.writeBuffer(buffer, byteOffset, padded);
    }
  }

  /** A uniform buffer holding 32-bit words (u32 or f32 by the caller's choice of array). */
  uniform(label: string, words: Uint32Array<ArrayBuffer> | Float32Array<ArrayBuffer>): GPUBuffer {
    return this.upload(label, words, Usage.uniform);
  }

  destroy(buffer: GPUBuffer): void {
    const size = this.live.get(buffer);
    if (size === undefined) return;
    this.live.delete(buffer);
    this.bytesInUse -= size;
    buffer.destroy();
  }

  destroyAll(): void {
    for (const b of [...this.live.keys()]) this.destroy(b);
  }
}

/** Packs u32 and f32 fields into one uniform word array (std140-ish: every field is one 4-byte word). */
export function uniformWords(fields: (number | { f32: number })[]): Uint32Array<ArrayBuffer> {
  const n = Math.max(4, Math.ceil(fields.length / 4) * 4);
  const words = new Uint32Array(n);
  const floats = new Float32Array(words.buffer);
  fields.forEach((f, i) => {
    if (typeof f === 'number') words[i] = f >>> 0;
    else floats[i] = f.f32;
  });
  return words;
}
