import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// onnxruntime-web's WebAssembly runtime, served from the app's own origin under ort/ (no CDN at run time):
// src/onnx/runtime.ts points env.wasm.wasmPaths there. The browser build of 'onnxruntime-web' (the "jsep" variant:
// wasm and WebGPU execution providers) loads these files; they come from the installed package, offline.
const ORT_FILES = ['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'];
const ORT_TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.mjs': 'text/javascript' };

function ortWasm(): Plugin {
  const dir = dirname(createRequire(import.meta.url).resolve(`onnxruntime-web/${ORT_FILES[0]}`));
  return {
    name: 'mutor-ort-wasm',
    // `vite` (dev): served from node_modules as they are.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0].match(/\/ort\/([^/]+)$/)?.[1];
        if (!name || !ORT_FILES.includes(name)) return next();
        res.setHeader('Content-Type', ORT_TYPES[name.slice(name.lastIndexOf('.'))]);
        res.end(readFileSync(join(dir, name)));
      });
    },
    // `vite build`: copied into dist/ort/.
    generateBundle() {
      for (const name of ORT_FILES) this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(join(dir, name)) });
    },
  };
}

// The app is static: `vite build` into dist/, served by `vite preview` (or any static server).
export default defineConfig({
  plugins: [react(), ortWasm()],
  base: './',
  // ORT's default bundle embeds a reference to its 28 MB .wasm, which Vite would copy into dist/assets next to the
  // copy we serve from ort/; this export condition selects the build that loads the wasm from wasmPaths only.
  resolve: { conditions: [...defaultClientConditions, 'onnxruntime-web-use-extern-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
