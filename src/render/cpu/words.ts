/**
 * The CPU renderer's per-pixel reads: the words the WebGL2 renderer's readWords and readIdWords return
 * (shaders/network.frag.glsl wordOf), computed by the float64 engine for a band of rows of an image of the
 * view, so that the two renderers report the same ids and values: pattern hash words, the output, |grad f_k|
 * and the argmax class, the margin (largest output minus the second largest), the local complexity and the
 * display word with the probed neuron's state. Pure: it runs in a worker and on the main thread.
 */
import { complexityScratch, neuronDistancesAt } from '../../engine/complexity.ts';
import { createWorkspace, forwardInto } from '../../engine/forward.ts';
import { type Network, outputDim } from '../../engine/model.ts';
import { evaluatePixels, neuronsInLayers, type PixelRect } from '../../engine/pixels.ts';
import { type PlaneMap, pointAt } from '../../engine/plane.ts';
import type { ViewRect } from '../../engine/range.ts';
import type { WordChannel } from '../mapRenderer.ts';

/** What a read returns per pixel: one word of a channel, or the four id words ('ids'). */
export type ReadChannel = WordChannel | 'ids';

/** The parameters of a read, as {@link MapRenderer.readWords} takes them. */
export interface WordRead {
  /** The channel read. */
  channel: ReadChannel;
  /** Layers hashed (0: all). */
  hashLayers: number;
  /** The output of the output and gradient channels. */
  output: number;
  /** The local-complexity radius in plane units (the complexity channel). */
  lcRadius: number;
  /** Global index of the neuron whose state the display word carries (-1: none). */
  probe: number;
}

/** Words per pixel of `channel`: four for 'ids', else one. */
export function wordsPerPixel(channel: ReadChannel): number {
  return channel === 'ids' ? 4 : 1;
}

/**
 * The smallest output the WebGL2 renderer starts its top-two search from (the shader's -3.4e38 as a
 * float32): with one output its margin is that output minus this, as on the GPU.
 */
const SEARCH_FLOOR = Math.fround(-3.4e38);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The bits of `x` rounded to a float32. */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** The plane point of pixel (i, j) of an imageWidth x imageHeight image of `view` (engine/pixels.ts). */
function pixelPoint(view: ViewRect, W: number, H: number, i: number, j: number): [number, number] {
  return [view.x0 + ((i + 0.5) * (view.x1 - view.x0)) / W, view.y1 - ((j + 0.5) * (view.y1 - view.y0)) / H];
}

/**
 * The words of `read` for the pixels of `rect` of an imageWidth x imageHeight image of `view` through `map`:
 * row-major within the rectangle, {@link wordsPerPixel} words per pixel, exactly as the WebGL2 renderer
 * packs them (floats as float32 bits; the display word: 14 bits of the hash, the probe's state in bits 14-15,
 * hash bits 14..29 in the high half).
 */
export function readPixelWords(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  imageWidth: number,
  imageHeight: number,
  rect: PixelRect,
  read: WordRead,
): Uint32Array {
  const n = rect.width * rect.height;
  const words = new Uint32Array(wordsPerPixel(read.channel) * n);
  if (read.channel === 'margin') return marginWords(net, map, view, imageWidth, imageHeight, rect, words);
  if (read.channel === 'complexity') {
    const scratch = complexityScratch(net);
    const r = read.lcRadius;
    for (let j = 0; j < rect.height; j++)
      for (let i = 0; i < rect.width; i++) {
        const [s, t] = pixelPoint(view, imageWidth, imageHeight, rect.x + i, rect.y + j);
        let count = 0;
        neuronDistancesAt(
          net,
          map,
          s,
          t,
          (margin, g) => {
            if (margin <= r * g) count++;
          },
          scratch,
        );
        words[j * rect.width + i] = float32Bits(count);
      }
    return words;
  }
  const rule = {
    hashNeurons: neuronsInLayers(net, read.hashLayers),
    output: read.output,
    probe: read.channel === 'display' ? read.probe : -1,
    gradient: read.channel === 'gradient',
  };
  const b = evaluatePixels(net, map, view, imageWidth, imageHeight, rect, rule);
  for (let p = 0; p < n; p++) {
    const lo = b.lo[p]!;
    switch (read.channel) {
      case 'ids':
        words[4 * p] = lo;
        words[4 * p + 1] = b.hi[p]!;
        words[4 * p + 2] = float32Bits(b.output[p]!);
        words[4 * p + 3] = b.argmax[p]!;
        break;
      case 'hashLo':
        words[p] = lo;
        break;
      case 'hashHi':
        words[p] = b.hi[p]!;
        break;
      case 'output':
        words[p] = float32Bits(b.output[p]!);
        break;
      case 'gradient':
        words[p] = float32Bits(b.gradient[p]!);
        break;
      case 'argmax':
        words[p] = b.argmax[p]!;
        break;
      default:
        words[p] = ((lo & 0x3fff) | (b.probe[p]! << 14) | (((lo >>> 14) & 0xffff) << 16)) >>> 0;
    }
  }
  return words;
}

/** The margin words: the largest output minus the second largest, searched as the shader does. */
function marginWords(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  W: number,
  H: number,
  rect: PixelRect,
  words: Uint32Array,
): Uint32Array {
  const ws = createWorkspace(net);
  const nOut = outputDim(net);
  for (let j = 0; j < rect.height; j++)
    for (let i = 0; i < rect.width; i++) {
      const [s, t] = pixelPoint(view, W, H, rect.x + i, rect.y + j);
      pointAt(map, s, t, ws.x);
      const out = forwardInto(net, ws.x, ws);
      let best = SEARCH_FLOOR;
      let second = SEARCH_FLOOR;
      for (let o = 0; o < nOut; o++) {
        const f = out[o]!;
        if (f > best) {
          second = best;
          best = f;
        } else if (f > second) second = f;
      }
      words[j * rect.width + i] = float32Bits(best - second);
    }
  return words;
}
