// One generation on the KV decoder: which token of which row goes to which cache slot. The first next() is the
// prefill; every later one feeds each row's newest answer token at slot prompt + answer - 1. A finished row (its
// answer did not grow) feeds its last token at its last slot again, which rewrites that slot with what it already
// holds: the row stays as it was, and the step keeps its fixed B rows. Rows past the prompts decode pads at slot 0.
import type { DecodeSession } from '../model/logitsModel';
import { positionOf } from '../mutor/sequence';
import type { Grid } from '../tasks/task';

/** What a session drives: a decoder's cache of B rows × Tmax slots (KvDecoder in kvDecoder.ts). */
export interface KvCacheSteps {
  readonly B: number;
  readonly Tmax: number;
  /** Throws unless `session` is the one that owns the cache now. */
  checkOwner(session: KvSession): void;
  /** Encodes the prompts into the cache; logits [prompts, V] of each one's last token. */
  prefill(prompts: number[][]): Promise<Float32Array>;
  /** Feeds ids[b] into slot slots[b] of every row b < B at RoPE positions rope[b·P ..]; logits [B, V] of the next tokens. */
  step(ids: ArrayLike<number>, slots: ArrayLike<number>, rope: ArrayLike<number>): Promise<Float32Array>;
}

export class KvSession implements DecodeSession {
  private prefilled = false;
  /** Answer tokens of each row already in the cache. */
  private cached: number[];
  private readonly ids: Uint32Array;
  private readonly pos: Uint32Array;
  /** RoPE positions [B·P] (P = 2 on a grid). */
  private readonly rope: Uint32Array;

  constructor(private readonly decoder: KvCacheSteps, private readonly prompts: number[][], private readonly V: number, private readonly grid?: Grid) {
    const { B, Tmax } = decoder;
    if (prompts.length < 1 || prompts.length > B) throw new Error(`kv decoder: ${prompts.length} prompts, the decoder takes 1..${B}`);
    prompts.forEach((p, b) => {
      if (p.length < 1 || p.length > Tmax) throw new Error(`kv decoder: prompt ${b} has ${p.length} tokens, the cache holds 1..${Tmax}`);
    });
    this.cached = prompts.map(() => 0);
    this.ids = new Uint32Array(B);
    this.pos = new Uint32Array(B);
    this.rope = new Uint32Array(B * (grid ? 2 : 1));
  }

  async next(answers: number[][]): Promise<Float32Array> {
    this.decoder.checkOwner(this);
    const { prompts, V } = this;
    if (answers.length !== prompts.length) throw new Error(`kv decoder: ${answers.length} answers for ${prompts.length} prompts`);
    if (!this.prefilled) {
      if (answers.some((a) => a.length > 0)) throw new Error('kv decoder: the first step of a session takes empty answers');
      this.prefilled = true;
      return this.decoder.prefill(prompts);
    }
    answers.forEach((a, b) => {
      const n = a.length;
      if (n !== this.cached[b] && n !== this.cached[b] + 1) throw new Error(`kv decoder: row ${b} went from ${this.cached[b]} to ${n} answer tokens; one step adds one`);
      if (n === 0) throw new Error(`kv decoder: row ${b} has no answer token to feed after the prefill`);
      const slot = prompts[b].length + n - 1, id = a[n - 1];
      if (slot >= this.decoder.Tmax) throw new Error(`kv decoder: row ${b} needs slot ${slot}, the cache holds ${this.decoder.Tmax}`);
      if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new Error(`kv decoder: token ${id} of row ${b} is outside the vocabulary [0, ${V})`);
      this.ids[b] = id;
      this.pos[b] = slot;
      this.rope.set(positionOf(slot, prompts[b].length, this.grid), b * (this.grid ? 2 : 1));
    });
    this.cached = answers.map((a) => a.length);
    const logits = await this.decoder.step(this.ids, this.pos, this.rope);
    return logits.subarray(0, prompts.length * V);
  }
}
