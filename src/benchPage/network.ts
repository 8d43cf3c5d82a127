/**
 * The region-map benchmark: the app's own network shader, through the Renderer (tiled as every frame is),
 * and the CPU engine's evaluateGrid on the same network, for one (width, depth) configuration.
 */
import { evaluateGrid } from '../engine/forward.ts';
import { macsPerPoint, type Network } from '../engine/model.ts';
import { type PlaneMap, planeMap } from '../engine/plane.ts';
import { MACS_PER_DRAW, type Renderer } from '../render/renderer.ts';
import { median, sideFor, timeRuns } from './timing.ts';

/** The window every configuration is drawn on: [-4, 4]^2. */
export const BENCH_WINDOW = { x0: -4, x1: 4, y0: -4, y1: 4 };

/**
 * Set the benchmark window (in the input plane of a 2-input network) as `renderer`'s view; returns its
 * plane map, or the error message of planeMap.
 */
export function setBenchView(renderer: Renderer): PlaneMap | string {
  const map = planeMap(2, undefined);
  if (typeof map !== 'string') renderer.setView({ ...BENCH_WINDOW, map });
  return map;
}

/** The benchmark networks, defined once for the page and the Node drivers in bench/networks.ts. */
export { BENCH_NETWORKS, benchNetwork } from '../../bench/networks.ts';

/** How the GPU part of one configuration is measured. */
export interface GpuPlan {
  /** Seconds one timed pass should take (its size is chosen from a probe to match). */
  passSeconds: number;
  /** Largest side of the square target (2048 on a GPU). */
  maxSide: number;
  /** A fixed side instead of one chosen from the probe (0: choose). */
  fixedSide: number;
  /** Timed passes (the median is reported). */
  repeats: number;
  /** Multiply-adds per draw call of the Renderer's tiling (0: the Renderer's own MACS_PER_DRAW). */
  macsPerDraw: number;
}

/** The flat figures of one configuration on the GPU. */
export interface GpuFigures {
  /** Pixels drawn per timed pass. */
  pixels: number;
  /** Side of the square target. */
  side: number;
  /** Multiply-adds per pixel (sum over layers of in x out). */
  macPerPixel: number;
  /** Median seconds of one pass (all its tiles, finished with a readPixels). */
  seconds: number;
  /** Draw calls per pass (the Renderer's tiles). */
  drawsPerPass: number;
  /** The tiling's budget of multiply-adds per draw call. */
  macsPerDraw: number;
  /** Multiply-adds per second, from the median pass. */
  macPerSecond: number;
  /** Multiply-adds per second of the fastest pass. */
  bestMacPerSecond: number;
  /** Where the weights were: 'uniform block' or 'texture'. */
  weights: string;
  /** Seconds to upload the network, compile its program and draw 8 x 8 pixels once. */
  compileSeconds: number;
}

/**
 * Time the renderer's region-map pass on `net`: upload and compile, a probe pass of 64 x 64 pixels to estimate
 * the rate, then `plan.repeats` timed passes (after one warm-up) at the side that takes about
 * `plan.passSeconds`. Returns an error message when the renderer refuses the network or loses the context.
 */
export function measureGpu(
  renderer: Renderer,
  net: Network,
  plan: GpuPlan,
  now: () => number,
): GpuFigures | string {
  const map = setBenchView(renderer);
  if (typeof map === 'string') return map;
  const t0 = now();
  const err = renderer.setNetwork(net);
  if (err) return err;
  renderer.evaluateOffscreen(8, 8);
  const compileSeconds = (now() - t0) / 1000;
  const perPixel = macsPerPoint(net);
  const tile = plan.macsPerDraw > 0 ? plan.macsPerDraw : MACS_PER_DRAW;
  let side = plan.fixedSide;
  if (side <= 0) {
    const probe = 64;
    const [t] = timeRuns(() => renderer.evaluateOffscreen(probe, probe, tile), 0, 1, now);
    const rate = (probe * probe * perPixel) / Math.max(t!, 1e-4);
    side = sideFor(rate, perPixel, plan.passSeconds, plan.maxSide);
  }
  let draws = 0;
  const times = timeRuns(
    () => {
      draws = renderer.evaluateOffscreen(side, side, tile).draws;
    },
    1,
    plan.repeats,
    now,
  );
  const glErr = renderer.glError();
  if (glErr) return `W=${net.layers[0]!.outDim}: ${glErr}`;
  const seconds = median(times);
  return {
    pixels: side * side,
    side,
    macPerPixel: perPixel,
    seconds,
    drawsPerPass: draws,
    macsPerDraw: tile,
    macPerSecond: (side * side * perPixel) / seconds,
    bestMacPerSecond: (side * side * perPixel) / Math.min(...times),
    weights: renderer.weightLocation,
    compileSeconds,
  };
}

/** The flat figures of one configuration on the CPU engine. */
export interface CpuFigures {
  /** Points evaluated per timed run (a square grid). */
  cpuPixels: number;
  /** Median seconds of one evaluateGrid run. */
  cpuSeconds: number;
  /** Forward multiply-adds per second (evaluateGrid also hashes patterns and takes a gradient). */
  cpuMacPerSecond: number;
}

/**
 * Time the CPU engine's evaluateGrid (float64, this thread) on `net` over the benchmark window: a grid
 * sized from a probe so that one run takes about `runSeconds`, median of `repeats` runs after a warm-up.
 */
export function measureCpu(net: Network, runSeconds: number, repeats: number, now: () => number): CpuFigures {
  const map = planeMap(2, undefined);
  if (typeof map === 'string') throw new Error(map);
  const perPixel = macsPerPoint(net);
  const [t] = timeRuns(() => evaluateGrid(net, map, BENCH_WINDOW, 4, 4), 1, 1, now);
  const side = Math.max(
    4,
    Math.min(512, sideFor((16 * perPixel) / Math.max(t!, 1e-4), perPixel, runSeconds, 512)),
  );
  const seconds = median(timeRuns(() => evaluateGrid(net, map, BENCH_WINDOW, side, side), 1, repeats, now));
  return { cpuPixels: side * side, cpuSeconds: seconds, cpuMacPerSecond: (side * side * perPixel) / seconds };
}
