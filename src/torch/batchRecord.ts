// One micro-batch (src/model/batch.ts) as the exported PyTorch job stores it: its fields one after another, each raw
// little-endian 32-bit values, so a record has a fixed size and step s of a shard starts at s × the step's bytes.
//   inputIds [B*T] int32, positions [B*T*P] int32, kinds [B*T] int32, promptLen [B] int32,
//   targets [H*B*T] int32, weights [H*B*T] float32, lossGroups [H*B*T] int32        (heads outermost: (h*B + b)*T + t)
// train.py's StepBatches reads the same table from job.json.
import { checkBatch, type Batch } from '../model/batch';

export interface RecordField {
  name: 'inputIds' | 'positions' | 'kinds' | 'promptLen' | 'targets' | 'weights' | 'lossGroups';
  dtype: 'int32' | 'float32';
  /** Values in one micro-batch. */
  count: number;
}

/** The record's fields for micro-batches of B sequences of T tokens, H output heads, P position components. */
export function recordFields(B: number, T: number, H: number, P: number): RecordField[] {
  const N = B * T;
  return [
    { name: 'inputIds', dtype: 'int32', count: N },
    { name: 'positions', dtype: 'int32', count: N * P },
    { name: 'kinds', dtype: 'int32', count: N },
    { name: 'promptLen', dtype: 'int32', count: B },
    { name: 'targets', dtype: 'int32', count: H * N },
    { name: 'weights', dtype: 'float32', count: H * N },
    { name: 'lossGroups', dtype: 'int32', count: H * N },
  ];
}

export function recordBytes(fields: readonly RecordField[]): number {
  return fields.reduce((n, f) => n + f.count * 4, 0);
}

/** Writes `batch` as one record at byte `offset` of `out` (checked against the fields' sizes). */
export function writeRecord(batch: Batch, fields: readonly RecordField[], H: number, P: number, out: Uint8Array, offset: number): void {
  checkBatch(batch, H, P);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = offset;
  for (const f of fields) {
    const v = batch[f.name];
    if (v.length !== f.count) throw new Error(`batch record: ${f.name} has ${v.length} values, expected ${f.count}`);
    for (let i = 0; i < f.count; i++, at += 4) {
      if (f.dtype === 'float32') view.setFloat32(at, v[i], true);
      else view.setInt32(at, v[i], true);
    }
  }
}
