// One GPU allocation sliced into named ranges (llm.c's single activation allocation). Slices are reserved first,
// then the buffer is made once; every slice starts on a 256-byte boundary so it binds as its own buffer range.
import type { GpuContext } from '../gpu/context';

const ALIGN_FLOATS = 64;

export class ArenaSlice {
  constructor(
    private readonly arena: Arena,
    readonly name: string,
    /** Offset in 4-byte elements from the start of the arena. */
    readonly offset: number,
    /** 4-byte elements. */
    readonly size: number,
  ) {}

  /** The slice as a buffer range (once the arena is allocated). */
  get binding(): GPUBufferBinding {
    return { buffer: this.arena.gpuBuffer, offset: this.offset * 4, size: this.size * 4 };
  }
}

export class Arena {
  private end = 0;
  private buffer: GPUBuffer | null = null;
  /** Elements of the largest slice reserved (the largest range a kernel binds from this arena). */
  largestSlice = 0;

  constructor(readonly label: string) {}

  /** Reserves `size` 4-byte elements (before allocate). */
  take(name: string, size: number): ArenaSlice {
    if (this.buffer) throw new Error(`arena ${this.label}: cannot reserve ${name} after allocation`);
    if (!Number.isInteger(size) || size < 1) throw new Error(`arena ${this.label}: slice ${name} has size ${size}`);
    const slice = new ArenaSlice(this, name, this.end, size);
    this.end += Math.ceil(size / ALIGN_FLOATS) * ALIGN_FLOATS;
    this.largestSlice = Math.max(this.largestSlice, size);
    return slice;
  }

  /** Reserves slices of `size` elements named `${prefix}.${name}` (or `name`) back to back, one stride apart: a kernel may bind
   * them as one range (a batched matmul's operands), which counts as a slice as large as the run. */
  takeRun<Name extends string>(prefix: string, names: readonly Name[], size: number): Record<Name, ArenaSlice> {
    const run = names.map((n) => [n, this.take(prefix ? `${prefix}.${n}` : n, size)] as const);
    this.largestSlice = Math.max(this.largestSlice, this.end - run[0][1].offset);
    return Object.fromEntries(run) as Record<Name, ArenaSlice>;
  }

  /** Elements reserved so far, alignment included. */
  get totalSize(): number {
    return this.end;
  }

  allocate(ctx: GpuContext): GPUBuffer {
    this.buffer ??= ctx.buffers.create(this.label, this.end * 4);
    return this.buffer;
  }

  get gpuBuffer(): GPUBuffer {
    if (!this.buffer) throw new Error(`arena ${this.label}: not allocated yet`);
    return this.buffer;
  }
}
