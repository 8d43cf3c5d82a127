/**
 * Loading and saving models: file picker, drag and drop, and a download of the current network. A loaded
 * model is referred to by name in the URL hash and kept in localStorage (when it fits) so a reload finds it.
 */
import type { App } from '../app/app.ts';
import { modelFromBytes } from '../engine/io/onnx.ts';
import { toModelJson } from '../engine/model.ts';

const STORE_PREFIX = 'relu-origami/model/';

/** What {@link installFiles} returns: actions for the GUI. */
export interface FileActions {
  /** Open the file picker. */
  open(): void;
  /** Download the current network as a relu-origami/1 JSON file. */
  save(): void;
}

/**
 * Load the files picked or dropped together: the model (relu-origami/1 JSON or ONNX, told apart by content)
 * and, for an ONNX model, its external-data side files (e.g. model.onnx.data), under the model file's name,
 * reporting every problem; the current model is kept when it cannot be read.
 */
export async function loadFiles(app: App, files: readonly File[]): Promise<void> {
  const isSide = (f: File) => /\.data$/i.test(f.name);
  const file = files.find((f) => !isSide(f)) ?? files[0];
  if (!file) return;
  let result: ReturnType<typeof modelFromBytes>;
  try {
    const side = new Map<string, Uint8Array>();
    for (const f of files) if (f !== file) side.set(f.name, new Uint8Array(await f.arrayBuffer()));
    result = modelFromBytes(new Uint8Array(await file.arrayBuffer()), side, file.name);
  } catch (e) {
    app.notify('error', `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  for (const n of result.notices) app.notify('info', `${file.name}: ${n}`);
  const model = result.ok ? result.model : null;
  const text = typeof model === 'string' ? model : JSON.stringify(model);
  const errs = result.ok ? app.loadModel(model, file.name) : result.messages;
  if (errs.length) {
    const shown = errs.slice(0, 8).join('\n') + (errs.length > 8 ? `\n… and ${errs.length - 8} more` : '');
    app.notify('error', `${file.name} was not loaded (the current model is kept):\n${shown}`);
    return;
  }
  try {
    localStorage.setItem(STORE_PREFIX + file.name, text);
  } catch {
    // Too large for localStorage: the hash still names the model; a reload asks for the file again.
  }
  app.notify('info', `Loaded ${file.name}.`);
}

/** Install the picker, drag and drop, and restore models named by the hash from localStorage. */
export function installFiles(app: App): FileActions {
  const input = document.getElementById('file') as HTMLInputElement;
  input.multiple = true;
  input.accept = '.json,.onnx,.data,application/json';
  input.addEventListener('change', () => {
    const fs = [...(input.files ?? [])];
    if (fs.length) void loadFiles(app, fs);
    input.value = '';
  });
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) document.body.classList.remove('dragging');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const fs = [...(e.dataTransfer?.files ?? [])];
    if (fs.length) void loadFiles(app, fs);
  });
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(STORE_PREFIX)) continue;
      const name = key.slice(STORE_PREFIX.length);
      const text = localStorage.getItem(key);
      if (text) {
        const r = JSON.parse(text) as unknown;
        const errs = app.loadModelQuietly(r, name);
        if (errs.length) localStorage.removeItem(key);
      }
    }
  } catch {
    // Storage unavailable or corrupt: models must be loaded again.
  }
  return {
    open: () => input.click(),
    save() {
      const json = JSON.stringify(toModelJson(app.net));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      a.download = app.state.model ?? `relu-origami-${app.net.layers.map((L) => L.outDim).join('-')}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    },
  };
}
