import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is static: `vite build` into dist/, served by `vite preview` (or any static server).
// onnxruntime-web's .wasm files are copied into public/ort/ by scripts/copy-ort-wasm.js (no CDN at run time).
export default defineConfig({
  plugins: [react()],
  base: './',
  // ORT's default bundle embeds a reference to its 28 MB .wasm, which Vite would copy into dist/assets next to the
  // copy we serve from public/ort/; this export condition selects the build that loads the wasm from wasmPaths only.
  resolve: { conditions: [...defaultClientConditions, 'onnxruntime-web-use-extern-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
