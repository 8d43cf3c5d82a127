/**
 * The interaction benchmark: the frames the explorer draws while the user drags (App.requestRender with
 * `interactive`), on a simulated canvas, and whether drawing them allocates JavaScript memory.
 * Frames go through the app's own path, `renderer.startFrame(display, reduction).step(macs)`, each finished
 * with `renderer.finish()` (a one-pixel readPixels of the canvas).
 */
import { interactiveReductionFor, macsPerDrawFor, STEP_MS } from '../app/frameBudget.ts';
import type { MapRenderer } from '../render/mapRenderer.ts';
import type { DisplayOptions, Renderer } from '../render/renderer.ts';
import { tileBoxes } from '../render/tiles.ts';
import { median, timeMs } from './timing.ts';

/** The reductions whose frame time is always reported (frameMsR1 ... frameMsR8). */
export const REPORTED_REDUCTIONS = [1, 2, 4, 8] as const;

/** The app's first step budget (App.stepMacs before it learns the device's speed). */
const INITIAL_STEP_MACS = 2 ** 28;

/** What the explorer shows by default (AppState defaults): regions coloured by pattern, with boundaries. */
export function defaultDisplay(layers: number): DisplayOptions {
  return { mode: 'regions', layer: layers, output: 0, probe: -1, boundaries: true, range: 1 };
}

/**
 * The reduction App.interactiveReduction chooses for `renderer`'s canvas and network when the app's step
 * budget is `stepMacs`: the app's own rule (frameBudget.ts interactiveReductionFor).
 */
export function appReduction(renderer: MapRenderer, stepMacs: number): number {
  return interactiveReductionFor(renderer, stepMacs);
}

/** How the interaction benchmark runs. */
export interface InteractionPlan {
  /** Simulated canvas width in device pixels. */
  width: number;
  /** Simulated canvas height in device pixels. */
  height: number;
  /** Timed frames per reduction (the median is reported), after one warm-up frame. */
  repeats: number;
  /** A frame predicted (from the rate of a cheaper one) to take longer than this is not drawn (ms); the cheapest always is. */
  frameBudgetMs: number;
  /** Time spent drawing single tiles of the full-resolution frame (ms, the untimed first one included); at least one is timed. */
  drawBudgetMs: number;
  /** Most single tiles timed. */
  maxDraws: number;
}

/** The flat figures of one configuration. */
export interface InteractionFigures {
  /** Simulated canvas width (device pixels). */
  canvasWidth: number;
  /** Simulated canvas height. */
  canvasHeight: number;
  /** Multiply-adds per pixel of the display pass. */
  macPerPixel: number;
  /** The reduction the app settles on while dragging (its step budget learnt from the frames it draws). */
  reduction: number;
  /** The reduction of the first interactive frame, before the app has learnt the speed (stepMacs = 2^28). */
  reductionInitial: number;
  /** The learnt step budget behind `reduction`: MAC/ms of a frame at that reduction x STEP_MS. */
  stepMacs: number;
  /** Median ms of a whole interactive frame at `reduction` (draws, composite, finish). */
  frameMs: number;
  /** The same at reduction 1 (full resolution). */
  frameMsR1: number;
  /** At reduction 2. */
  frameMsR2: number;
  /** At reduction 4. */
  frameMsR4: number;
  /** At reduction 8. */
  frameMsR8: number;
  /** Reductions whose frame was predicted from a cheaper frame's rate, not drawn (comma-separated; '' none). */
  predicted: string;
  /** Draw calls (tiles) of a full-resolution frame. */
  drawsPerFrame: number;
  /** Draw calls of a frame at `reduction`. */
  drawsPerInteractiveFrame: number;
  /** Multiply-adds per tile of the full-resolution frame. */
  macsPerDraw: number;
  /** Tiles of the full-resolution frame timed one by one. */
  drawsTimed: number;
  /** Longest of them: one step of one tile, plus the step's composite of the canvas and a finish(). */
  maxDrawMs: number;
  /** Their median. */
  medianDrawMs: number;
  /** Timed frames per reduction. */
  repeats: number;
  /** frameMs <= 16 (the budget of an interactive frame). */
  frameUnder16ms: boolean;
  /** maxDrawMs <= 50 (the GPU watchdog target). */
  drawUnder50ms: boolean;
}

/**
 * Measure the interactive frames of the network installed in `renderer` (a view must be set) on a canvas
 * resized to plan.width x plan.height (left at that size). Returns an error message when no frame can be
 * started or a GL error occurs.
 */
export function measureInteraction(
  renderer: Renderer,
  plan: InteractionPlan,
  now: () => number,
): InteractionFigures | string {
  const packed = renderer.packedNetwork;
  if (!packed) return 'no network';
  const canvas = renderer.canvas;
  canvas.width = plan.width;
  canvas.height = plan.height;
  const display = defaultDisplay(packed.layers.length);
  const perPixel = Math.max(1, packed.macsPerPixel);
  const sizeAt = (r: number) => Math.ceil(plan.width / r) * Math.ceil(plan.height / r);
  const tilesAt = (r: number) => frameTiles(renderer, r);

  // The app learns the device's speed from every step it draws (App.stepFrame: stepMacs tends to the
  // measured MAC/ms x STEP_MS) and chooses the drag resolution from it: iterate that to its fixed point,
  // each round drawing one frame at the reduction the app would choose (at most 6 rounds).
  const reductionInitial = appReduction(renderer, INITIAL_STEP_MACS);
  let stepMacs = INITIAL_STEP_MACS;
  renderer.macsPerDraw = macsPerDrawFor(stepMacs);
  let reduction = reductionInitial;
  frameOnce(renderer, display, reduction, now);
  for (let round = 0; round < 6; round++) {
    const ms = frameOnce(renderer, display, reduction, now);
    stepMacs = Math.max(2 ** 20, ((sizeAt(reduction) * perPixel) / Math.max(ms, 1e-3)) * STEP_MS);
    const next = appReduction(renderer, stepMacs);
    renderer.macsPerDraw = macsPerDrawFor(stepMacs);
    if (next === reduction) break;
    reduction = next;
  }

  // Tiles of the full-resolution frame, one step each (as a heavy frame is drawn), the first untimed; a
  // finished frame is started again (startFrame itself untimed).
  // The app draws with the per-draw budget it derives from the speed it learnt (App.stepFrame), as the
  // last round above left it.
  const fullTiles = tilesAt(1);
  const drawTimes: number[] = [];
  const drawStart = now();
  let job = renderer.startFrame(display, 1);
  if (!job) return 'the renderer could not start a frame';
  let done = job.step(1);
  renderer.finish();
  while (
    drawTimes.length === 0 ||
    (drawTimes.length < plan.maxDraws && now() - drawStart < plan.drawBudgetMs)
  ) {
    if (done) job = renderer.startFrame(display, 1)!;
    const t0 = now();
    done = job.step(1);
    renderer.finish();
    drawTimes.push(now() - t0);
  }
  const macsPerDraw = fullTiles.pixelsPerBox * perPixel;
  const medianDrawMs = median(drawTimes);
  let rate = Math.min(macsPerDraw, sizeAt(1) * perPixel) / Math.max(medianDrawMs, 1e-3);

  const frames = new Map<number, number>();
  const predicted: number[] = [];
  const reductions = [...new Set([reduction, ...REPORTED_REDUCTIONS])].sort((a, b) => b - a);
  for (const r of reductions) {
    // The cheapest frame is always drawn (one tile's time is a noisy rate on a shared CPU); the rest are
    // predicted from the last frame drawn when they would exceed the budget.
    const expected = (sizeAt(r) * perPixel) / rate;
    if (frames.size > 0 && expected > plan.frameBudgetMs) {
      frames.set(r, expected);
      predicted.push(r);
      continue;
    }
    frameOnce(renderer, display, r, now);
    const times: number[] = [];
    for (let i = 0; i < plan.repeats; i++) times.push(frameOnce(renderer, display, r, now));
    const ms = median(times);
    frames.set(r, ms);
    rate = (sizeAt(r) * perPixel) / Math.max(ms, 1e-3);
  }
  const err = renderer.glError();
  if (err) return err;
  const frameMs = frames.get(reduction)!;
  const maxDrawMs = Math.max(...drawTimes);
  return {
    canvasWidth: plan.width,
    canvasHeight: plan.height,
    macPerPixel: perPixel,
    reduction,
    reductionInitial,
    stepMacs,
    frameMs,
    frameMsR1: frames.get(1)!,
    frameMsR2: frames.get(2)!,
    frameMsR4: frames.get(4)!,
    frameMsR8: frames.get(8)!,
    predicted: predicted.sort((a, b) => a - b).join(','),
    drawsPerFrame: fullTiles.boxes.length,
    drawsPerInteractiveFrame: tilesAt(reduction).boxes.length,
    macsPerDraw,
    drawsTimed: drawTimes.length,
    maxDrawMs,
    medianDrawMs,
    repeats: plan.repeats,
    frameUnder16ms: frameMs <= 16,
    drawUnder50ms: maxDrawMs <= 50,
  };
}

/** Draw one whole frame at 1/`reduction` resolution and finish it; returns its wall time in ms. */
function frameOnce(
  renderer: Renderer,
  display: DisplayOptions,
  reduction: number,
  now: () => number,
): number {
  return timeMs(() => {
    drawFrame(renderer, display, reduction);
    renderer.finish();
  }, now);
}

/** Start a frame at 1/`reduction` resolution and step it to the end (no finish). */
function drawFrame(renderer: Renderer, display: DisplayOptions, reduction: number): void {
  const job = renderer.startFrame(display, reduction);
  while (job && !job.step(Number.POSITIVE_INFINITY)) {}
}

/**
 * The tiles of a frame of the renderer's canvas at 1/`reduction` resolution under the renderer's per-draw
 * budget, counted at one pixel per fragment (FramePass cuts the narrower target of P pixels per fragment).
 */
function frameTiles(renderer: Renderer, reduction: number): ReturnType<typeof tileBoxes> {
  const { width, height } = renderer.canvas;
  const perPixel = Math.max(1, renderer.packedNetwork?.macsPerPixel ?? 1);
  return tileBoxes(
    Math.ceil(width / reduction),
    Math.ceil(height / reduction),
    perPixel,
    renderer.macsPerDraw,
  );
}

/** Chromium's performance.memory (precise with --enable-precise-memory-info), when present. */
function usedHeap(): number | null {
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

/** The flat figures of the heap benchmark. */
export interface HeapFigures {
  /** Interactive frames measured in each phase (after 10 others). */
  frames: number;
  /** Their reduction. */
  reduction: number;
  /** Simulated canvas width (device pixels). */
  canvasWidth: number;
  /** Simulated canvas height. */
  canvasHeight: number;
  /** Draw calls (tiles) per frame. */
  drawsPerFrame: number;
  /** True when window.gc was there (Chromium with --js-flags=--expose-gc): collections between phases. */
  gc: boolean;
  /** performance.memory.usedJSHeapSize before the frames (bytes). */
  heapBytes: number;
  /**
   * Heap growth per frame drawn as the app draws one (startFrame, step, finish, glError): what a frame
   * allocates, less whatever a minor collection freed meanwhile.
   */
  bytesPerFrame: number;
  /** Of that, what a full collection left, per frame (a leak when well above 0; needs `gc`). */
  retainedBytesPerFrame: number;
  /** Heap growth per frame without the finish() (startFrame, step, glError): the drawing path alone. */
  bytesPerFrameNoFinish: number;
  /** Heap growth per renderer.finish() call alone. */
  bytesPerFinish: number;
  /** Of that, what a full collection left, per call. */
  retainedBytesPerFinish: number;
}

/**
 * Draw `frames` interactive frames (fewer when they take more than `maxMs` in all) of the installed network
 * at 1/`reduction` resolution on the renderer's canvas as the app does while dragging (App.stepFrame:
 * startFrame, step, finish; App.finished: glError), then the same frames without the finish(), then as many
 * finish() calls alone, and report the JS heap's growth per frame or call. Returns an error message without
 * performance.memory (not Chromium).
 */
export function measureHeap(
  renderer: Renderer,
  reduction: number,
  frames: number,
  maxMs: number,
  now: () => number,
): HeapFigures | string {
  const packed = renderer.packedNetwork;
  if (!packed) return 'no network';
  if (usedHeap() === null) return 'performance.memory is not available (not Chromium)';
  const gc = (globalThis as unknown as { gc?: () => void }).gc;
  const collect = () => {
    gc?.();
    gc?.();
  };
  const display = defaultDisplay(packed.layers.length);
  const draw = () => drawFrame(renderer, display, reduction);
  const appFrame = () => {
    draw();
    renderer.finish();
    renderer.glError();
  };
  const bareFrame = () => {
    draw();
    renderer.glError();
  };
  const finishOnly = () => renderer.finish();
  /** Growth per call of `f` over `n` calls, and what is left of it after a collection. */
  const growth = (f: () => void, n: number): [number, number] => {
    collect();
    const m0 = usedHeap()!;
    for (let i = 0; i < n; i++) f();
    const m1 = usedHeap()!;
    collect();
    const m2 = usedHeap()!;
    return [(m1 - m0) / n, (m2 - m0) / n];
  };
  for (let i = 0; i < 10; i++) appFrame();
  collect();
  const heapBytes = usedHeap()!;
  // How many frames fit in maxMs (the first ten were a warm-up).
  const t0 = now();
  for (let i = 0; i < 3; i++) appFrame();
  const perFrame = Math.max(1e-3, (now() - t0) / 3);
  const n = Math.max(1, Math.min(frames, Math.floor(maxMs / perFrame)));
  const [bytesPerFrame, retainedBytesPerFrame] = growth(appFrame, n);
  const [bytesPerFrameNoFinish] = growth(bareFrame, n);
  const [bytesPerFinish, retainedBytesPerFinish] = growth(finishOnly, n);
  const { width, height } = renderer.canvas;
  const tiles = frameTiles(renderer, reduction);
  return {
    frames: n,
    reduction,
    canvasWidth: width,
    canvasHeight: height,
    drawsPerFrame: tiles.boxes.length,
    gc: gc !== undefined,
    heapBytes,
    bytesPerFrame,
    retainedBytesPerFrame,
    bytesPerFrameNoFinish,
    bytesPerFinish,
    retainedBytesPerFinish,
  };
}
