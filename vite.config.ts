import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is static: `vite build` into dist/, served by `vite preview` (or any static server).
// onnxruntime-web's .wasm files are copied into public/ort/ by scripts/copy-ort-wasm.js (no CDN at run time).
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
