// TensorProto <-> typed arrays. Data travels as raw_data, little-endian (ONNX's byte order and every host we run on),
// copied byte for byte so float32 values (NaN payloads included) survive a round trip bitwise.
import type { DimensionProto, TensorProto, ValueInfoProto } from './proto';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

const dataTypeNames: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 16: 'BFLOAT16',
};

function bytesOf(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function float32Tensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return { name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(values) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): TensorProto {
  return { name, dims, data_type: DataType.INT64, raw_data: bytesOf(BigInt64Array.from(values, BigInt)) };
}

/** A graph input/output declaration; string dims are symbolic (dynamic). */
export function tensorValueInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoProto {
  const dim: DimensionProto[] = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

function formatShape(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/**
 * The values of a float32 initializer (raw_data or float_data) whose dims must equal `shape`; one-line errors name
 * the tensor for external data, another data type, another shape or a wrong number of values.
 */
export function readFloat32(t: TensorProto, shape: readonly number[]): Float32Array {
  const name = t.name ?? '';
  if (t.data_location === 1 || (t.external_data ?? []).length > 0) {
    throw new Error(`tensor ${name} keeps its data in an external file; only embedded data is supported`);
  }
  if (t.data_type !== DataType.FLOAT) {
    const type = dataTypeNames[t.data_type ?? 0] ?? `data type ${t.data_type}`;
    throw new Error(`tensor ${name} is ${type}, expected FLOAT (float32)`);
  }
  const dims = t.dims ?? [];
  if (dims.length !== shape.length || dims.some((d, i) => d !== shape[i])) {
    throw new Error(`tensor ${name} has shape ${formatShape(dims)}, expected ${formatShape(shape)}`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  const raw = t.raw_data ?? new Uint8Array(0);
  const floats = t.float_data ?? [];
  if (raw.length > 0) {
    if (raw.length !== 4 * n) throw new Error(`tensor ${name} has ${raw.length} bytes of raw data, expected ${4 * n}`);
    return new Float32Array(new Uint8Array(raw).buffer); // copies into an aligned buffer
  }
  if (floats.length !== n) throw new Error(`tensor ${name} holds ${floats.length} values, expected ${n}`);
  return Float32Array.from(floats);
}
