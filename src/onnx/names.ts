// Names shared by export, import and the runtime: the graph's interface and the metadata key of our config.
//   input_ids       int64 [B, T]
//   position_ids    int64 [B, T] (1D RoPE) or [B, T, 2] (2D RoPE: row, col)
//   prompt_len      int64 [B]     bidirectional prefix length
//   attention_mask  int64 [B, T]  1 real token, 0 pad (pads are never keys)
//   logits          float32 [B, T, V]
export const onnxInputNames = ['input_ids', 'position_ids', 'prompt_len', 'attention_mask'] as const;
export const logitsOutputName = 'logits';
export const configMetadataKey = 'mutor.config';
