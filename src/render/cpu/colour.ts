/**
 * The colours of a region map from the float64 pixel rule (engine/pixels.ts), exactly as
 * shaders/composite.frag.glsl colours the WebGL2 renderer's words: region colours from the hash, the value
 * colour maps of the palette, boundaries (lines of the plan's width against the box of neighbours), the
 * output's zero level set, the probe's zero set. Pure functions (no DOM): the CPU renderer's workers and the browser tests' reference images use
 * them.
 */
import type { Network } from '../../engine/model.ts';
import { neuronsInLayers, type PixelBlock, type PixelRect, type PixelRule } from '../../engine/pixels.ts';
import { linePixels, MAX_LINE_PIXELS } from '../../state/look.ts';
import type { DisplayOptions } from '../mapRenderer.ts';
import {
  BOUNDARY_DARKEN,
  boundaryMask,
  classColour,
  diverging,
  LEVEL_COLOUR,
  type PaletteName,
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
  /** The palette of the colour maps. */
  palette: PaletteName;
  /** Width of the lines in pixels of the image coloured (an integer, 1 to MAX_LINE_PIXELS). */
  lineWidth: number;
}

/**
 * The plan of `display` for `net`, as the WebGL2 renderer resolves it (passes.ts displayPlan): argmax in the
 * output mode with output -1 and several outputs, the first k layers hashed in the layer mode, the output
 * clamped to the network's, the line width divided by the frame's `reduction` (default 1) and rounded.
 */
export function colourPlan(net: Network, display: DisplayOptions, reduction = 1): ColourPlan {
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
    palette: display.palette ?? 'default',
    lineWidth: linePixels(display.lineWidth ?? 1, 1, 1, reduction),
  };
}

/**
 * Colour the pixels of `crop` (of an image imageWidth pixels wide) from `block`, which must hold the crop and
 * its neighbours (engine/pixels.ts neighbourRect with the plan's line width and the image's height): a
 * neighbour outside the block is outside the image. Writes RGBA bytes, alpha 255, row-major into `rgba`
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
  const pal = plan.palette;
  const w = Math.max(1, Math.min(MAX_LINE_PIXELS, plan.lineWidth));
  // The box [-below, above]^2 of composite.frag.glsl in image rows (j grows downwards): GL's +y is j - 1.
  const reach = (w + 1) >> 1;
  const back = w >> 1;
  for (let j = 0; j < crop.height; j++) {
    for (let i = 0; i < crop.width; i++) {
      const bx = crop.x + i - e.x;
      const by = crop.y + j - e.y;
      const p = by * ew + bx;
      const o = at + 4 * (j * stride + i);
      if (plan.kind === 'gradient') viridis(gradient[p]! / plan.range, rgba, o, pal);
      else if (plan.kind === 'argmax') classColour(argmax[p]!, rgba, o, pal);
      else if (plan.kind === 'output') diverging(output[p]! / plan.range, rgba, o, pal);
      else regionColour(lo[p]! & REGION_ID_MASK, rgba, o, pal);
      rgba[o + 3] = 255;
      let boundary = false;
      let level = false;
      let zero = false;
      const pos = output[p]! > 0;
      for (let dy = -back; dy <= reach; dy++) {
        const ny = by - dy;
        if (ny < 0 || ny >= e.height) continue;
        for (let dx = -back; dx <= reach; dx++) {
          const nx = bx + dx;
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= ew || e.x + nx >= imageWidth) continue;
          const q = ny * ew + nx;
          if (((lo[q]! ^ lo[p]!) & mask) !== 0) boundary = true;
          if (plan.kind === 'argmax' && argmax[q] !== argmax[p]) level = true;
          else if (plan.kind === 'output' && output[q]! > 0 !== pos) level = true;
          if (probing && probe[q] !== probe[p]) zero = true;
        }
      }
      if (plan.boundaries && boundary) {
        for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(rgba[o + c]! * BOUNDARY_DARKEN);
      }
      if (level) put(rgba, o, LEVEL_COLOUR);
      if (zero) put(rgba, o, PROBE_COLOUR);
    }
  }
}

function put(rgba: Uint8Array | Uint8ClampedArray, o: number, c: readonly [number, number, number]): void {
  rgba[o] = c[0];
  rgba[o + 1] = c[1];
  rgba[o + 2] = c[2];
}
