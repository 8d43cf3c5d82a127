/**
 * The scripting API `window.reluOrigami` (documented in docs/api.md): drive the explorer from the console,
 * from puppeteer, or from another page. Every method validates its input and rejects with a message;
 * nothing here can put the app in a state it cannot draw.
 */
import type { RegionEstimate } from '../engine/estimate.ts';
import { modelFromBytes } from '../engine/io/onnx.ts';
import { ESTIMATE_SAMPLES } from '../engine/limits.ts';
import type { Plane } from '../engine/plane.ts';
import { windowError } from '../engine/plane.ts';
import { choiceOf } from '../render/cpu/fallback.ts';
import type { AppState } from '../state/appState.ts';
import { COLOUR_MODES, isColourMode } from '../state/colourMode.ts';
import { decodeHash } from '../state/hash.ts';
import type { App } from './app.ts';
import { type ComplexityApi, createComplexityApi } from './complexityApi.ts';
import { createDataApi, type DataApi } from './dataApi.ts';
import { exportFrameOf } from './exportFrameOf.ts';
import { type ExportResult, exportSizeError } from './exportImage.ts';
import { exportSvg, type SvgExportRequest } from './exportSvg.ts';
import { viewWindow } from './network.ts';
import { choosePlane, type PlaneChoice } from './planeChoice.ts';
import type { PngExportRequest } from './pngExportRequest.ts';
import type { TrainingApi } from './training.ts';
import { type VideoApi, videoApi } from './video/videoApi.ts';

export { countDistinct, type FrameStatus, type RegionIds } from './apiReads.ts';
export type { PngExportRequest } from './pngExportRequest.ts';

import { countDistinct, type FrameStatus, type RegionIds } from './apiReads.ts';

/**
 * The API object installed as `window.reluOrigami` (the data methods: see dataApi.ts; the training methods:
 * {@link TrainingApi}; the video methods: video/videoApi.ts).
 */
export interface ReluOrigamiApi extends DataApi, ComplexityApi, TrainingApi, VideoApi {
  /**
   * Load a model: a relu-origami/1 object or JSON string, or a file's bytes (ArrayBuffer or Uint8Array:
   * relu-origami/1 JSON or ONNX, told apart by content; an ONNX model's external-data files by name in
   * `sideFiles`). Rejects with every problem found; the current model is then kept.
   */
  setModel(model: unknown, sideFiles?: Record<string, ArrayBuffer | Uint8Array>): Promise<void>;
  /**
   * Show [x0, x1] x [y0, y1], optionally through a plane of the input space. The window is fitted to the
   * canvas (its shorter side grows about the centre, so that pixels are square); with `{ exact: true }` it is
   * shown exactly, at any aspect ratio (for tests).
   */
  setView(
    view: { x0: number; x1: number; y0: number; y1: number; plane?: Plane },
    options?: { exact?: boolean },
  ): Promise<void>;
  /**
   * Choose the plane slice of a network with more than 2 inputs (see PlaneChoice in planeChoice.ts: axes,
   * random, points, directions, default). Rejects with every problem, each naming its field; the current
   * plane is then kept.
   */
  setPlane(choice: PlaneChoice): Promise<void>;
  /** Colour mode: regions, gradient, output, layer, margin or complexity. */
  setMode(name: string): Promise<void>;
  /** Make the drawing buffer exactly width x height pixels (the view is kept). */
  resize(width: number, height: number): Promise<void>;
  /**
   * Draw a full-resolution frame in steps that yield to the page (a coarse frame first when the canvas
   * shows another state); resolves when it is drawn, rejects on a WebGL error.
   */
  render(): Promise<void>;
  /** The frame counters: see {@link FrameStatus}. */
  frames(): FrameStatus;
  /**
   * Call `listener` after every completed frame, while the canvas holds it (read the canvas there to see
   * exactly what was shown); returns a function that unsubscribes it.
   */
  onFrame(listener: (f: FrameStatus) => void): () => void;
  /** The full pattern hash of every pixel (all layers, whatever the colour mode). */
  readRegionIds(): Promise<RegionIds>;
  /**
   * Float32 values per pixel (row 0 at the top): output f_k or |grad f_k| of output k (default 0), or the
   * class margin (the largest output minus the second largest).
   */
  readValues(kind: 'output' | 'gradient' | 'margin', output?: number): Promise<Float32Array>;
  /** Number of distinct patterns among the pixels of the partition shown (layer mode: first k layers). */
  countVisibleRegions(): Promise<number>;
  /**
   * The engine's exact count of regions in the view, once it is done (no fixed cap: it is streamed tile by
   * tile). complete false: a lower bound; `stopped` then says what stopped it (the cap, the time budget or
   * the memory budget), `message` says so in words, `fraction` is the part of the view's area counted (only
   * on an incomplete count), and `estimate` is a sampled estimate of the whole count (past a budget; its
   * interval never below `count`).
   */
  exactRegions(): Promise<{
    count: number;
    complete: boolean;
    fraction?: number;
    stopped?: 'cap' | 'time' | 'memory';
    message?: string;
    estimate?: RegionEstimate;
  }>;
  /**
   * A sampled estimate of the view's region count (engine/estimate.ts: `samples` uniform points, default
   * 4000), with its asymptotic 95% interval and the distinct patterns seen (a certain lower bound).
   */
  estimateRegions(samples?: number): Promise<RegionEstimate>;
  /**
   * Cap the exact count (default: no cap, `Infinity`; with a cap the count is then "at least N") and recount
   * the view; 0 turns the worker off (exactRegions then rejects), which saves a CPU core in batch use.
   */
  setExactCap(cap: number): Promise<void>;
  /**
   * Set the exact count's budgets (defaults: 20 s and 256 MB; `Infinity`: none) and recount the view; a
   * count past one stops with what it counted and a sampled estimate (tests force tiny budgets with it).
   */
  setExactBudget(budget: { timeMs?: number; memoryBytes?: number }): Promise<void>;
  /** Apply a URL hash (as the address bar would); rejects with the problems found, applying the rest. */
  setHash(hash: string): Promise<void>;
  /**
   * Render the current view as a width x height PNG, in parts (any size up to 2^20 a side, bounded by
   * memory), coloured as the canvas is at full resolution. Resolves with the export's figures, and the
   * file as a Blob when no `sink` was given. Rejects with a message on a bad size, while another export
   * runs, or on a GPU failure.
   */
  exportPng(request: PngExportRequest): Promise<ExportResult & { blob?: Blob }>;
  /**
   * The exact region polygons of the view as an SVG document (one `<path class="region">` per region,
   * coloured as the map, with boundaries and axes; see app/exportSvg.ts for the options). Rejects with a
   * message on a bad option or a view with too many regions.
   */
  exportSvg(options?: SvgExportRequest): Promise<string>;
  /** The current state (a copy). */
  getState(): AppState;
  /** The messages shown to the user so far (errors and notices). */
  messages(): string[];
  /**
   * The renderer drawing the map ('webgl2', or 'cpu' with the reason), the device, where the weights live
   * and the limits respected.
   */
  info(): {
    /** The renderer drawing the map. */
    renderer: 'webgl2' | 'cpu';
    /** Why the CPU renderer draws (no WebGL2, a failed program, a lost context, float32 too coarse), or null. */
    reason: string | null;
    /** True while the WebGL context is lost. */
    contextLost: boolean;
    /** The device's name (the GPU's, or the CPU renderer's). */
    device: string;
    weights: 'uniform block' | 'texture' | 'main memory';
    maxTextureSize: number;
    maxUniformBlockSize: number;
    /** Network programs compiled so far (one per architecture, channel and display value). */
    programs: number;
    /** How region ids are read back. */
    idReadback: 'integer target' | 'rgba8 passes' | 'float64 engine';
    /** Resolution divisor of the last completed frame (1: full; more while dragging or zooming). */
    lastReduction: number;
  };
}

/** Build the API for `app`; `resize` is delegated to the page, which owns the canvas size. */
export function createApi(
  app: App,
  resize: (w: number, h: number) => void,
  messages: string[],
  training: TrainingApi,
): ReluOrigamiApi {
  const fail = (msg: string) => Promise.reject(new Error(msg));
  let refining: number | null = null;
  app.on('refining', (p) => {
    refining = p;
  });
  const status = (): FrameStatus => ({
    drawn: app.frames.framesDrawn,
    steps: app.frames.stepsDrawn,
    reduction: app.lastReduction,
    refining,
    current: app.showsCurrentNetwork(),
  });
  const apply = (ok: boolean, what: string) =>
    ok ? Promise.resolve() : fail(`${what} could not be applied`);
  return {
    ...createDataApi(app),
    ...createComplexityApi(app),
    ...training,
    ...videoApi(app),
    setModel(input, sideFiles) {
      let model = input;
      if (input instanceof ArrayBuffer || input instanceof Uint8Array) {
        const side = new Map<string, Uint8Array>();
        for (const [k, v] of Object.entries(sideFiles ?? {}))
          side.set(k, v instanceof Uint8Array ? v : new Uint8Array(v));
        const r = modelFromBytes(input instanceof Uint8Array ? input : new Uint8Array(input), side);
        for (const n of r.notices) app.notify('info', n);
        if (!r.ok) return fail(r.messages.join('\n'));
        model = r.model;
      }
      const name =
        typeof model === 'object' && model !== null && typeof (model as { name?: unknown }).name === 'string'
          ? (model as { name: string }).name
          : 'scripted model';
      const errs = app.loadModel(model, name);
      return errs.length ? fail(errs.join('\n')) : Promise.resolve();
    },
    setView(view, options) {
      const err = windowError(view);
      if (err) return fail(err);
      return apply(
        app.update(
          (s) => {
            s.view = {
              x0: view.x0,
              x1: view.x1,
              y0: view.y0,
              y1: view.y1,
              plane: view.plane ?? s.view.plane,
            };
            if (view.plane) s.planeSpec = null;
          },
          false,
          options?.exact !== true,
        ),
        'the view',
      );
    },
    setPlane(choice) {
      const errs = choosePlane(app, choice);
      return errs.length ? fail(errs.join('\n')) : Promise.resolve();
    },
    setMode(name) {
      if (!isColourMode(name)) return fail(`unknown mode "${name}": expected ${COLOUR_MODES.join(', ')}`);
      return apply(
        app.update((s) => {
          s.mode = name;
        }),
        'the mode',
      );
    },
    resize(width, height) {
      if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
        return fail(`resize(${width}, ${height}): expected positive integers`);
      }
      const max = app.renderer.limits.maxViewport;
      if (width > max || height > max)
        return fail(`resize(${width}, ${height}): the device allows at most ${max}`);
      resize(width, height);
      return Promise.resolve();
    },
    async render() {
      const err = await app.renderFull();
      app.renderer.finish();
      if (err) throw new Error(`WebGL error: ${err}`);
    },
    frames() {
      return status();
    },
    onFrame(listener) {
      return app.on('drawn', () => listener(status()));
    },
    async readRegionIds() {
      const { width, height } = app.renderer.canvas;
      // The CPU renderer reads in its workers (readIdWordsAsync), so the page keeps going meanwhile.
      const words = await app.renderer.readIdWordsAsync(width, height);
      const ids = new Uint32Array(2 * width * height);
      for (let p = 0; p < width * height; p++) {
        ids[2 * p] = words[4 * p]!;
        ids[2 * p + 1] = words[4 * p + 1]!;
      }
      const err = app.renderer.glError();
      if (err) throw new Error(`WebGL error: ${err}`);
      return { width, height, ids };
    },
    async readValues(kind, output = 0) {
      const { width, height } = app.renderer.canvas;
      const words = await app.renderer.readWordsAsync(kind, width, height, 0, output);
      return new Float32Array(words.buffer);
    },
    async countVisibleRegions() {
      if (choiceOf(app.renderer).contextLost) {
        throw new Error(
          'countVisibleRegions: the WebGL context is lost; the regions visible are counted again once it is restored',
        );
      }
      const { width, height } = app.renderer.canvas;
      const k = app.state.mode === 'layer' ? app.state.layer : 0;
      return countDistinct(await app.renderer.readIdWordsAsync(width, height, k));
    },
    async exactRegions() {
      const r = await app.exact.result();
      if (r.error) throw new Error(r.error);
      return {
        count: r.count,
        complete: r.complete,
        ...(r.complete ? {} : { fraction: r.fraction }),
        ...(r.stopped ? { stopped: r.stopped } : {}),
        ...(r.message ? { message: r.message } : {}),
        ...(r.estimate ? { estimate: r.estimate } : {}),
      };
    },
    async estimateRegions(samples = ESTIMATE_SAMPLES) {
      if (!Number.isInteger(samples) || samples < 2 || samples > 10_000_000)
        throw new Error(`estimateRegions(${samples}): expected an integer from 2 to 10000000`);
      const layers = app.state.mode === 'layer' ? app.state.layer : app.net.layers.length;
      const a = await app.regions.ask(app.net, viewWindow(app.net, app.state.view), {
        kind: 'estimate',
        layers,
        samples,
        seed: 1,
      });
      return a.estimate;
    },
    setExactCap(cap) {
      if (!(Number.isInteger(cap) || cap === Number.POSITIVE_INFINITY) || cap < 0)
        return fail(`setExactCap(${cap}): expected an integer >= 0 or Infinity`);
      app.exact.cap = cap;
      app.exact.request(app.net, app.state);
      return Promise.resolve();
    },
    setExactBudget(budget) {
      const { timeMs, memoryBytes } = budget ?? {};
      for (const [name, v] of [
        ['timeMs', timeMs],
        ['memoryBytes', memoryBytes],
      ] as const) {
        if (v !== undefined && !(typeof v === 'number' && v > 0 && !Number.isNaN(v)))
          return fail(`setExactBudget: ${name} must be a positive number or Infinity, not ${v}`);
      }
      if (timeMs !== undefined) app.exact.budgetMs = timeMs;
      if (memoryBytes !== undefined) app.exact.memoryBytes = memoryBytes;
      app.exact.request(app.net, app.state);
      return Promise.resolve();
    },
    setHash(hash) {
      const d = decodeHash(hash);
      const ok = app.applyState(d.state, false, true);
      if (ok) app.requestRender();
      if (d.errors.length) return fail(d.errors.join('\n'));
      return apply(ok, 'the hash');
    },
    async exportPng(request) {
      const { width, height, sink, onProgress, signal } = request;
      const err = exportSizeError(width, height);
      if (err) throw new Error(`exportPng: ${err}`);
      const level = request.level ?? 2;
      if (!Number.isInteger(level) || level < 0 || level > 9) {
        throw new Error(`exportPng: level must be an integer from 0 to 9, not ${level}`);
      }
      for (const [name, v] of [
        ['partWidth', request.partWidth],
        ['partHeight', request.partHeight],
      ] as const) {
        if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
          throw new Error(`exportPng: ${name} must be a positive integer, not ${v}`);
        }
      }
      if ((request.partWidth === undefined) !== (request.partHeight === undefined)) {
        throw new Error('exportPng: give both partWidth and partHeight, or neither');
      }
      const parts: Uint8Array[] = [];
      const frame = exportFrameOf(app, request);
      const result = await app.exportPng({
        ...(frame ? { frame } : {}),
        width,
        height,
        level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9,
        sink: sink ?? ((b) => void parts.push(b)),
        ...(request.partWidth ? { partWidth: request.partWidth } : {}),
        ...(request.partHeight ? { partHeight: request.partHeight } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
        ...(request.lineScale ? { lineScale: request.lineScale } : {}),
      });
      return sink ? result : { ...result, blob: new Blob(parts as BlobPart[], { type: 'image/png' }) };
    },
    exportSvg(options) {
      return exportSvg(app, options);
    },
    getState() {
      return structuredClone(app.state);
    },
    messages() {
      return [...messages];
    },
    info() {
      const { renderer: device, maxTextureSize, maxUniformBlockSize } = app.renderer.limits;
      const programs = app.renderer.compiledPrograms;
      const choice = choiceOf(app.renderer);
      return {
        renderer: choice.renderer,
        reason: choice.reason,
        contextLost: choice.contextLost,
        device,
        weights: app.renderer.weightLocation,
        maxTextureSize,
        maxUniformBlockSize,
        programs,
        idReadback: app.renderer.idReadback,
        lastReduction: app.lastReduction,
      };
    },
  };
}
