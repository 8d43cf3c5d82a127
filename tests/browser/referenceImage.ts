/**
 * The CPU reference image of a scene: the engine evaluates every pixel centre in float64 and the picture is
 * coloured in the state's palette and line width (src/render/palette.ts) exactly as shaders/composite.frag.glsl colours the GPU's result.
 */
import { mapOf, networkOf } from '../../src/app/network.ts';
import { evaluatePixels, neighbourRect } from '../../src/engine/pixels.ts';
import type { PlaneMap } from '../../src/engine/plane.ts';
import { displayRange } from '../../src/engine/range.ts';
import { colourPixels, colourPlan } from '../../src/render/cpu/colour.ts';
import { decodeHash } from '../../src/state/hash.ts';

/** A rectangle of pixels of an image (origin at the top left). */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Render the scene of URL hash `hash` at width x height into RGBA bytes (row 0 at the top). With `crop`,
 * only that rectangle of the image (its pixels exactly as in the whole image: boundaries are decided against
 * the neighbours outside it), as crop.width x crop.height RGBA bytes. The pixels are the engine's rule
 * (engine/pixels.ts), coloured by the CPU renderer's colouring (render/cpu/colour.ts). `lineWidth` (device
 * pixels, before rounding) replaces the look's width, as an export scales it (state/look.ts exportLineWidth).
 */
export function referenceImage(
  hash: string,
  width: number,
  height: number,
  crop?: Crop,
  lineWidth?: number,
): Uint8Array {
  const c = crop ?? { x: 0, y: 0, width, height };
  const { state: s, errors } = decodeHash(hash);
  if (errors.length) throw new Error(errors.join('\n'));
  const net = networkOf(s.architecture);
  const map = mapOf(net, s.view.plane) as PlaneMap;
  const v = s.view;
  const nOut = net.layers[net.layers.length - 1]!.outDim;
  const argmax = s.mode === 'output' && s.output < 0 && nOut > 1;
  const kind = s.mode === 'gradient' ? 'gradient' : s.mode === 'output' && !argmax ? 'output' : null;
  const range = kind ? displayRange(net, map, v, kind, s.output) : 1;
  let probe = -1;
  if (s.probe) {
    probe = s.probe[1];
    for (let l = 0; l < s.probe[0]; l++) probe += net.layers[l]!.outDim;
  }
  // The palette and the line width of the state's look, on a page of one device pixel per CSS pixel.
  const display = {
    mode: s.mode,
    layer: s.layer,
    output: s.output,
    probe,
    boundaries: s.boundaries,
    range,
    palette: s.look.palette,
    lineWidth: lineWidth ?? s.look.lineWidth,
  };
  const plan = colourPlan(net, display);
  const rect = neighbourRect(c, width, height, plan.lineWidth);
  const block = evaluatePixels(net, map, v, width, height, rect, plan);
  const rgba = new Uint8Array(4 * c.width * c.height);
  colourPixels(block, plan, width, c, rgba);
  return rgba;
}

/**
 * Pixels of two RGBA images (same size) whose colours differ by more than `levels` of 255 in some channel;
 * 2 by default, the screenshot tests' tolerance (float32 colour maps and half-float values on the GPU).
 * Throws when the two are not the same size.
 */
export function differingPixels(a: Uint8Array, b: Uint8Array, levels = 2): number {
  if (a.length !== b.length) throw new Error(`images of ${a.length / 4} and ${b.length / 4} pixels compared`);
  let n = 0;
  for (let p = 0; p < a.length; p += 4) {
    if (
      Math.abs(a[p]! - b[p]!) > levels ||
      Math.abs(a[p + 1]! - b[p + 1]!) > levels ||
      Math.abs(a[p + 2]! - b[p + 2]!) > levels
    ) {
      n++;
    }
  }
  return n;
}
