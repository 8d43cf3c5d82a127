/**
 * The float64 rule of a region-map pixel: the network evaluated at a pixel centre of an image of the view,
 * giving the words every renderer reports (pattern hash lo/hi of the first k layers, the selected output,
 * the argmax class, |grad f_k|, the probed neuron's state). The CPU renderer draws with it, and the browser
 * tests check the WebGL2 renderer against it; pixel (i, j) of an image of width x height, row 0 at the top,
 * is the plane point s = x0 + (i + 0.5)(x1 - x0)/width, t = y1 - (j + 0.5)(y1 - y0)/height, as in
 * forward.ts evaluateGrid.
 */
import { createWorkspace, forwardInto, PlaneGradient, patternHashInto } from './forward.ts';
import { type Network, outputDim } from './model.ts';
import { type PlaneMap, pointAt } from './plane.ts';
import type { ViewRect } from './range.ts';

/** What {@link evaluatePixels} computes at each pixel. */
export interface PixelRule {
  /** Neurons that enter the pattern hash (the first k layers; all of them: the network's neuron count). */
  hashNeurons: number;
  /** Output read (f_k and |grad f_k|); clamped to the outputs. */
  output: number;
  /** Global index of the neuron whose state is reported, or -1. */
  probe: number;
  /** Compute |grad f_k| too (it costs a backward sweep per pixel). */
  gradient: boolean;
}

/** A rectangle of pixels of an image (origin at the top left). */
export interface PixelRect {
  /** Left column. */
  x: number;
  /** Top row. */
  y: number;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** The words of a rectangle of pixels, row-major within the rectangle; see {@link evaluatePixels}. */
export interface PixelBlock {
  /** The rectangle evaluated. */
  rect: PixelRect;
  /** Pattern hash words per pixel. */
  lo: Uint32Array;
  hi: Uint32Array;
  /** Output f_k per pixel. */
  output: Float64Array;
  /** Argmax class per pixel (the first of equal maxima). */
  argmax: Int32Array;
  /** |grad f_k| per pixel (zeros unless the rule asked for it). */
  gradient: Float64Array;
  /** The probed neuron's state per pixel (zeros without a probe). */
  probe: Uint8Array;
}

/** Allocate a block for `rect` (or reuse `reuse` when its arrays are large enough). */
function blockFor(rect: PixelRect, reuse?: PixelBlock | null): PixelBlock {
  const n = rect.width * rect.height;
  if (reuse && reuse.lo.length >= n) return { ...reuse, rect: { ...rect } };
  return {
    rect: { ...rect },
    lo: new Uint32Array(n),
    hi: new Uint32Array(n),
    output: new Float64Array(n),
    argmax: new Int32Array(n),
    gradient: new Float64Array(n),
    probe: new Uint8Array(n),
  };
}

/**
 * Evaluate the pixels of `rect` of an imageWidth x imageHeight image of `view` (through `map`) in float64.
 * Writes into `reuse` when its arrays are large enough, else allocates. An empty rectangle gives empty arrays.
 */
export function evaluatePixels(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  imageWidth: number,
  imageHeight: number,
  rect: PixelRect,
  rule: PixelRule,
  reuse?: PixelBlock | null,
): PixelBlock {
  const b = blockFor(rect, reuse);
  const ws = createWorkspace(net);
  const grad = rule.gradient ? new PlaneGradient(net, map) : null;
  const nOut = outputDim(net);
  const k = Math.max(0, Math.min(rule.output, nOut - 1));
  const words = new Uint32Array(2);
  for (let j = 0; j < rect.height; j++) {
    const t = view.y1 - ((rect.y + j + 0.5) * (view.y1 - view.y0)) / imageHeight;
    for (let i = 0; i < rect.width; i++) {
      const s = view.x0 + ((rect.x + i + 0.5) * (view.x1 - view.x0)) / imageWidth;
      pointAt(map, s, t, ws.x);
      forwardInto(net, ws.x, ws);
      const p = j * rect.width + i;
      patternHashInto(ws.pattern, words, 0, rule.hashNeurons);
      b.lo[p] = words[0]!;
      b.hi[p] = words[1]!;
      const out = ws.output;
      b.output[p] = out[k]!;
      let best = 0;
      for (let o = 1; o < nOut; o++) if (out[o]! > out[best]!) best = o;
      b.argmax[p] = best;
      b.gradient[p] = grad ? grad.normAt(ws.pattern, k) : 0;
      b.probe[p] = rule.probe >= 0 ? ws.pattern[rule.probe]! : 0;
    }
  }
  return b;
}

/**
 * The rectangle a coloured crop needs evaluated where its lines are `lineWidth` pixels wide (an integer,
 * default 1): lines compare a pixel with those of the box [-lo, hi]^2 about it (hi = ceil(w / 2) columns to
 * the right and rows above, lo = floor(w / 2) to the left and below), so the crop grows by as much as the
 * imageWidth x imageHeight image has (without imageHeight, no rows below the crop).
 */
export function neighbourRect(
  crop: PixelRect,
  imageWidth: number,
  imageHeight = crop.y + crop.height,
  lineWidth = 1,
): PixelRect {
  const w = Math.max(1, Math.floor(lineWidth));
  const hi = (w + 1) >> 1;
  const lo = w >> 1;
  const x = Math.max(0, crop.x - lo);
  const y = Math.max(0, crop.y - hi);
  return {
    x,
    y,
    width: Math.min(imageWidth, crop.x + crop.width + hi) - x,
    height: Math.min(Math.max(imageHeight, crop.y + crop.height), crop.y + crop.height + lo) - y,
  };
}

/** Neurons in the first `layers` layers of `net` (all of them when `layers` is out of range or 0). */
export function neuronsInLayers(net: Network, layers: number): number {
  const k = layers >= 1 && layers <= net.layers.length ? layers : net.layers.length;
  let n = 0;
  for (let l = 0; l < k; l++) n += net.layers[l]!.outDim;
  return n;
}
