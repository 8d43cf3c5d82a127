/**
 * The colours of a region map from the float64 pixel rule (engine/pixels.ts), exactly as
 * shaders/composite.frag.glsl colours the WebGL2 renderer's words: region colours from the hash, the value
 * colour maps, boundaries against the right and upper neighbours, the output's zero level set, the probe's
 * zero set. Pure functions (no DOM): the CPU renderer's workers and the browser tests' reference images use
 * them.
 */
import type { Network } from '../../engine/model.ts';
import { neuronsInLayers, type PixelBlock, type PixelRect, type PixelRule } from '../../engine/pixels.ts';
import type { DisplayOptions } from '../mapRenderer.ts';
import {
  BOUNDARY_DARKEN,
  boundaryMask,
  classColour,
  diverging,
  LEVEL_COLOUR,
  PROBE_COLOUR,
  REGION_ID_MASK,
  regionColour,
  viridis,
} from '../palette.ts';

/** What a frame shows, resolved against a network: see {@link colourPlan}. */
export interface ColourPlan extends PixelRule {
  /** What colours a pixel: its region, |grad f_k|, f_k, or the argmax class. */
  kind: 'regions' | 'gradient' | 'output' | 'argmax';
  /** Darken region boundaries. */
  boundaries: boolean;
  /** End of the colour scale of the value modes (> 0). */
  range: number;
}

/**
 * The plan of `display` for `net`, as the WebGL2 renderer resolves it (passes.ts displayPlan): argmax in the
 * output mode with output -1 and several outputs, the first k layers hashed in the layer mode, the output
 * clamped to the network's.
 */
export function colourPlan(net: Network, display: DisplayOptions): ColourPlan {
  const nOut = net.layers[net.layers.length - 1]!.outDim;
  const argmax = display.mode === 'output' && display.output < 0 && nOut > 1;
  const kind =
    display.mode === 'gradient'
      ? 'gradient'
      : display.mode === 'output'
        ? argmax
          ? 'argmax'
          : 'output'
        : 'regions';
  return {
    kind,
    hashNeurons: neuronsInLayers(net, display.mode === 'layer' ? display.layer : 0),
    output: Math.max(0, Math.min(display.output, nOut - 1)),
    probe: display.probe,
    gradient: kind === 'gradient',
    boundaries: display.boundaries,
    range: display.range > 0 ? display.range : 1,
  };
}

/**
 * Colour the pixels of `crop` (of an image imageWidth pixels wide) from `block`, which must hold the crop and
 * its neighbours (engine/pixels.ts neighbourRect). Writes RGBA bytes, alpha 255, row-major into `rgba`
 * starting at byte `at`, `stride` pixels per row (default: the crop's width).
 */
export function colourPixels(
  block: PixelBlock,
  plan: ColourPlan,
  imageWidth: number,
  crop: PixelRect,
  rgba: Uint8Array | Uint8ClampedArray,
  at = 0,
  stride = crop.width,
): void {
  const e = block.rect;
  const ew = e.width;
  const { lo, output, argmax, gradient, probe } = block;
  const valueShown = plan.kind !== 'regions';
  const mask = boundaryMask(valueShown);
  const probing = plan.probe >= 0;
  for (let j = 0; j < crop.height; j++) {
    for (let i = 0; i < crop.width; i++) {
      const p = (crop.y + j - e.y) * ew + (crop.x + i - e.x);
      const o = at + 4 * (j * stride + i);
      if (plan.kind === 'gradient') viridis(gradient[p]! / plan.range, rgba, o);
      else if (plan.kind === 'argmax') classColour(argmax[p]!, rgba, o);
      else if (plan.kind === 'output') diverging(output[p]! / plan.range, rgba, o);
      else regionColour(lo[p]! & REGION_ID_MASK, rgba, o);
      rgba[o + 3] = 255;
      // Neighbours: right (i + 1) and above (j - 1), as in the composite shader.
      const r = crop.x + i + 1 < imageWidth ? p + 1 : p;
      const u = crop.y + j > 0 ? p - ew : p;
      if (plan.boundaries && (((lo[r]! ^ lo[p]!) & mask) !== 0 || ((lo[u]! ^ lo[p]!) & mask) !== 0)) {
        for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(rgba[o + c]! * BOUNDARY_DARKEN);
      }
      let level = false;
      if (plan.kind === 'argmax') level = argmax[r] !== argmax[p] || argmax[u] !== argmax[p];
      else if (plan.kind === 'output') {
        const pos = output[p]! > 0;
        level = output[r]! > 0 !== pos || output[u]! > 0 !== pos;
      }
      if (level) put(rgba, o, LEVEL_COLOUR);
      if (probing && (probe[r] !== probe[p] || probe[u] !== probe[p])) put(rgba, o, PROBE_COLOUR);
    }
  }
}

function put(rgba: Uint8Array | Uint8ClampedArray, o: number, c: readonly [number, number, number]): void {
  rgba[o] = c[0];
  rgba[o + 1] = c[1];
  rgba[o + 2] = c[2];
}
