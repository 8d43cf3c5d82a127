import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vite';

// lil-gui's package exports name no style sheet; the explorer's CSS imports it by this path (its panel is
// built with injectStyles: false, since the Content-Security-Policy blocks injected <style> elements).
const lilGuiCss = resolve(dirname(createRequire(import.meta.url).resolve('lil-gui')), 'lil-gui.css');

/** Vite configuration: the explorer (index.html) and further pages are built as a multi-page app. */
export default defineConfig({
  base: './',
  resolve: { alias: { 'lil-gui/dist/lil-gui.css': lilGuiCss } },
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
