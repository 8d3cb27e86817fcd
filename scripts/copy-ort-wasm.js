// Copies onnxruntime-web's WebAssembly runtime into public/ort/, so the app serves it from its own origin (no CDN at
// run time); src/onnx/runtime.ts points env.wasm.wasmPaths there. The browser build of 'onnxruntime-web' (the "jsep"
// variant: wasm and WebGPU execution providers) loads these files. Runs as predev/prebuild; files already copied
// from the same package version (same size, not older) are left alone.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const files = ['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'];
const require = createRequire(import.meta.url);
const from = dirname(require.resolve(`onnxruntime-web/${files[0]}`));
const to = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'ort');

function isCurrent(src, dst) {
  try {
    const a = statSync(src), b = statSync(dst);
    return a.size === b.size && b.mtimeMs >= a.mtimeMs;
  } catch {
    return false;
  }
}

mkdirSync(to, { recursive: true });
for (const f of files) {
  const src = join(from, f), dst = join(to, f);
  if (isCurrent(src, dst)) continue;
  copyFileSync(src, dst);
  console.log(`copy-ort-wasm: ${f} -> public/ort/`);
}
