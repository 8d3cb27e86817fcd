// MuToR's pure side: method knobs, sequence layouts (1D, 2D, Multi-Token heads), batches, mask lists, parameter counts.
export { buildBatch, buildInferenceBatch, packBatch, type BuildOptions } from './buildBatch';
export { drawOffset2D, layoutGrid2D, PREFIX_POSITION_2D, type GridLayout, type GridOptions, type GridSpec } from './grid2d';
export { layoutSequence } from './layout1d';
export { kindsMaskLists, maskLists } from './mask';
export {
  drawOffset, groupCoefficients, headCount, methodConfig, validateMethodConfig,
  type MethodConfig, type MethodKind, type Placement,
} from './method';
export { modelConfigFor, parameterOverhead } from './params';
export { chooseSlots, type PlacementSpec } from './placement';
export type { HeadTargets, PromptAnswer, RegisterInfo, SequenceLayout } from './sequence';
