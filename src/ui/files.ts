/**
 * Loading and saving models (and decks, told apart by content): file picker, drag and drop, and a download of the current network. A loaded
 * model is referred to by name in the URL hash and kept in localStorage (when it fits) so a reload finds it.
 */
import type { App } from '../app/app.ts';
import { applyCsv } from '../app/dataApi.ts';
import { looksLikePointsCsv } from '../engine/dataPoints.ts';
import { modelFromBytes, ONNX_LIMITS } from '../engine/io/onnx.ts';
import { DOWNLOAD_URL_MS } from '../engine/limits.ts';
import { MODEL_LIMITS, toModelJson } from '../engine/model.ts';
import { DECK_LIMITS, looksLikeDeck } from '../state/deck.ts';

/** The localStorage key of a saved model is this prefix followed by the model's name. */
export const STORE_PREFIX = 'relu-origami/model/';

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
  const rest = await loadDataFiles(app, files);
  if (rest.length === 0) return;
  files = rest;
  const isSide = (f: File) => /\.data$/i.test(f.name);
  const file = files.find((f) => !isSide(f)) ?? files[0];
  if (!file) return;
  // A deck is told from a model by its content (its format field), whatever the file is called.
  if (deckFiles.open && file.size <= DECK_LIMITS.maxText) {
    const text = await file.text().catch(() => '');
    if (looksLikeDeck(text)) return deckFiles.open(text, file.name);
  }
  let result: ReturnType<typeof modelFromBytes>;
  const limit = Math.max(MODEL_LIMITS.maxTextLength, ONNX_LIMITS.maxFileBytes);
  if (file.size > limit) {
    app.notify(
      'error',
      `${file.name} was not loaded (the current model is kept): it has ${file.size} bytes, at most ${limit} are read`,
    );
    return;
  }
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

/** Data files are read as text up to this many bytes. */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * Load the CSV files among `files` (told by content, not name) as the data on the map, reporting bad rows
 * by line (the current data is kept then); returns the other files.
 */
async function loadDataFiles(app: App, files: readonly File[]): Promise<File[]> {
  const rest: File[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await f.slice(0, 65_536).arrayBuffer());
    } catch {
      rest.push(f);
      continue;
    }
    if (!looksLikePointsCsv(bytes)) {
      rest.push(f);
      continue;
    }
    if (f.size > MAX_CSV_BYTES) {
      app.notify(
        'error',
        `${f.name} was not loaded (the data is kept): it has ${f.size} bytes, at most ${MAX_CSV_BYTES} are read`,
      );
      continue;
    }
    const errs = applyCsv(app, await f.text(), f.name);
    if (errs.length) {
      const shown = errs.slice(0, 8).join('\n') + (errs.length > 8 ? `\n… and ${errs.length - 8} more` : '');
      app.notify('error', `${f.name} was not loaded as data (the current data is kept):\n${shown}`);
    } else {
      const d = app.data.get()!;
      app.notify('info', `Loaded ${d.points.count} points (${d.kind}) from ${f.name}.`);
    }
  }
  return rest;
}

/** Where a file recognised as a deck goes (set by the deck player); null: files are models only. */
export const deckFiles: { open: ((text: string, name: string) => void) | null } = { open: null };

/** The part of the Storage interface that {@link restoreStoredModels} uses (localStorage, or a fake in tests). */
export type StoredModels = Pick<Storage, 'length' | 'key' | 'getItem' | 'removeItem'>;

/** What {@link restoreStoredModels} did: the names registered, and the entries skipped with why. */
export interface RestoreReport {
  /** Names of the models registered, in storage order. */
  restored: string[];
  /** Entries that could not be restored (removed from storage), each with its name and the first problem. */
  skipped: { name: string; reason: string }[];
}

/**
 * Register every model saved in `storage` under the model prefix (or `prefix`: the planes use it too) with `register` (given the saved text,
 * which it parses with every limit of a model file; it returns the problems, empty on success). Each entry is read and parsed on its own: an entry that cannot be
 * read, is not JSON or is not a valid model is reported by name and removed from storage (the file it came
 * from is still where the user loaded it from; keeping it would repeat the same message on every reload),
 * and the other entries are restored all the same. Never throws; other keys are left alone.
 */
export function restoreStoredModels(
  storage: StoredModels,
  register: (text: string, name: string) => string[],
  prefix = STORE_PREFIX,
): RestoreReport {
  const report: RestoreReport = { restored: [], skipped: [] };
  // The keys first: removing an entry while walking the indices would skip the one after it.
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch (e) {
    report.skipped.push({ name: '(storage)', reason: `could not list the saved models: ${errorText(e)}` });
    return report;
  }
  for (const key of keys) {
    const name = key.slice(prefix.length);
    let problem: string;
    try {
      const text = storage.getItem(key);
      if (text === null) continue;
      const errs = register(text, name);
      if (errs.length === 0) {
        report.restored.push(name);
        continue;
      }
      problem = errs.length > 1 ? `${errs[0]} (and ${errs.length - 1} more)` : errs[0]!;
    } catch (e) {
      problem = errorText(e);
    }
    report.skipped.push({ name, reason: problem });
    try {
      storage.removeItem(key);
    } catch {
      // Read-only storage: the entry is skipped again on the next reload.
    }
  }
  return report;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Install the picker, drag and drop, and restore models named by the hash from localStorage. */
export function installFiles(app: App): FileActions {
  const input = document.getElementById('file') as HTMLInputElement;
  input.multiple = true;
  input.accept = '.json,.onnx,.data,.csv,.tsv,.txt,application/json,text/csv';
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
  let storage: StoredModels | null = null;
  try {
    storage = localStorage;
  } catch {
    // Storage disabled for this page: nothing to restore.
  }
  if (storage) {
    const r = restoreStoredModels(storage, (text, name) => app.loadModelQuietly(text, name));
    for (const s of r.skipped) {
      app.notify(
        'error',
        `The saved model "${s.name}" could not be restored and was removed from this browser's storage ` +
          `(load the file again): ${s.reason}`,
      );
    }
  }
  return {
    open: () => input.click(),
    save() {
      const json = JSON.stringify(toModelJson(app.net));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      a.download = app.state.model ?? `relu-origami-${app.net.layers.map((L) => L.outDim).join('-')}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), DOWNLOAD_URL_MS);
    },
  };
}
