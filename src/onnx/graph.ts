// Builds the node list of an ONNX graph: each node has one output, named like the node ('layers.0/attn/q'), so
// the graph reads as a list of named values. Constants are Constant nodes (initializers hold only parameters).
import type { AttributeProto, NodeProto, TensorProto } from './proto';
import { float32Tensor, int64Tensor } from './tensor';

/** int -> INT, int[] -> INTS, TensorProto -> TENSOR (the attribute kinds our ops need). */
export type AttributeValue = number | number[] | TensorProto;

const AttributeType = { INT: 2, TENSOR: 4, INTS: 7 } as const;

function attribute(name: string, v: AttributeValue): AttributeProto {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`onnx graph: attribute ${name} must be an integer, got ${v}`);
    return { name, type: AttributeType.INT, i: v };
  }
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  return { name, type: AttributeType.TENSOR, t: v };
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  private readonly names = new Set<string>();

  /** Appends `opType(inputs)` as node `name`; returns its output's name (the same string). */
  op(opType: string, inputs: string[], name: string, attrs: Record<string, AttributeValue> = {}): string {
    if (this.names.has(name)) throw new Error(`onnx graph: duplicate value name ${name}`);
    this.names.add(name);
    const attributes = Object.entries(attrs).map(([k, v]) => attribute(k, v));
    this.nodes.push({ name, op_type: opType, domain: '', input: inputs, output: [name], attribute: attributes });
    return name;
  }

  /** A float32 constant; dims [] is a scalar. */
  floats(name: string, dims: number[], values: number[]): string {
    return this.op('Constant', [], name, { value: float32Tensor(name, dims, Float32Array.from(values)) });
  }

  /** An int64 constant; dims [] is a scalar. */
  ints(name: string, dims: number[], values: number[]): string {
    return this.op('Constant', [], name, { value: int64Tensor(name, dims, values) });
  }
}
