// onnxruntime-web sessions for exported models: the 'webgpu' execution provider when asked for and available, the
// 'wasm' one otherwise. In a browser the runtime's .wasm comes from our own origin: ort/ (served and built by the
// ortWasm plugin of vite.config.ts), resolved against the page's base URL; in Node the package loads it from
// node_modules.
// ORT reads env.wasm once, at its first session: numThreads and assetBase take effect only then.
import * as ort from 'onnxruntime-web';
import type { ModelConfig } from '../model/config';
import type { OnnxBatch } from './feeds';
import { onnxFeeds } from './feeds';
import { importOnnx } from './import';
import { logitsOutputName } from './names';

export type OnnxProvider = 'webgpu' | 'wasm';

export interface OnnxSession {
  session: ort.InferenceSession;
  /** The base config the model carries (its metadata): runLogits checks inputs against it. */
  config: ModelConfig;
  provider: OnnxProvider;
  /** Why 'webgpu' was not used although preferred. */
  fallbackReason?: string;
}

export interface OnnxSessionOptions {
  preferWebGpu: boolean;
  /** The page's base URL (default document.baseURI); required in a Worker, whose own URL is not the page's. */
  assetBase?: string;
  /** WebAssembly threads (1 in Node tests; ORT picks a default otherwise). */
  numThreads?: number;
}

const inNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** Where the browser loads ORT's wasm runtime from: `ort/` under the page's base URL. */
export function ortWasmPath(assetBase: string): string {
  return new URL('ort/', assetBase).href;
}

function configureWasm(o: OnnxSessionOptions): void {
  // ORT reports expected CPU fallbacks of shape ops as console errors; only real errors should reach the console.
  ort.env.logLevel = 'error';
  if (o.numThreads !== undefined) ort.env.wasm.numThreads = o.numThreads;
  if (inNode) return;
  const base = o.assetBase ?? globalThis.document?.baseURI;
  if (!base) throw new Error('onnx runtime: no page base URL here (a Worker?); pass assetBase = the page\'s document.baseURI');
  ort.env.wasm.wasmPaths = ortWasmPath(base);
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
}

/**
 * A session for a model written by exportOnnx (anything else is refused with importOnnx's one-line errors; every
 * weight is read and checked, so a NaN model is refused rather than scored).
 */
export async function createSession(bytes: Uint8Array, options: OnnxSessionOptions): Promise<OnnxSession> {
  const { config } = importOnnx(bytes);
  configureWasm(options);
  let fallbackReason: string | undefined;
  if (options.preferWebGpu) {
    try {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
      return { session, config, provider: 'webgpu' };
    } catch (e) {
      fallbackReason = oneLine(e);
    }
  }
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  return { session, config, provider: 'wasm', fallbackReason };
}

/** logits [B*T*V] (float32, row-major [B, T, V]) of one batch. */
export async function runLogits(s: OnnxSession, batch: OnnxBatch): Promise<Float32Array> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, f] of Object.entries(onnxFeeds(batch, s.config))) feeds[name] = new ort.Tensor('int64', f.data, f.dims);
  const out = await s.session.run(feeds);
  const logits = out[logitsOutputName];
  const want = [batch.B, batch.T, s.config.vocabSize];
  if (logits.type !== 'float32' || logits.dims.join() !== want.join()) {
    throw new Error(`onnx runtime: logits came back as ${logits.type} [${logits.dims.join(', ')}], expected float32 [${want.join(', ')}]`);
  }
  return logits.data as Float32Array;
}
