// The experiment schema, its field table, the share-link codec, config files and presets.
export type { Decoded } from './assemble';
export { fieldsFor, knobFields, staticFields, type Field, type FieldGroup, type FieldType } from './fields';
export { parseExperimentSource } from './file';
export { decodeLink, encodeLink, MAX_LINK_LENGTH } from './link';
export { checkExperiment, readExperimentObject } from './object';
export { getPath, setPath, type FieldPath } from './paths';
export { experimentFrom, presetById, presets, type ExperimentOverrides, type Preset } from './presets';
export type { Problem } from './problem';
export {
  BASE_MODEL_IDS, cloneExperiment, defaultExperiment, EXPERIMENT_VERSION, methodConfigFor, optimizerOptionsFor,
  type BaseModelId, type ExperimentConfig, type MethodKnobs,
} from './schema';
export { checkValue, describeAllowed, formatValue, parseText, type Checked, type FieldValue } from './values';
