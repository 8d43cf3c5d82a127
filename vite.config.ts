import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Vite configuration: the explorer (index.html) and further pages are built as a multi-page app. */
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        bench: resolve(import.meta.dirname, 'bench.html'),
      },
    },
  },
  worker: { format: 'es' },
});
