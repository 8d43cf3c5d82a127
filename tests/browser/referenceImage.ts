/**
 * The CPU reference image of a scene: the engine evaluates every pixel centre in float64 and the picture is
 * coloured with src/render/palette.ts exactly as shaders/composite.frag.glsl colours the GPU's result.
 */
import { mapOf, networkOf } from '../../src/app/network.ts';
import { createWorkspace, forwardInto, PlaneGradient, patternHashInto } from '../../src/engine/forward.ts';
import { type PlaneMap, pointAt } from '../../src/engine/plane.ts';
import { displayRange } from '../../src/engine/range.ts';
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
} from '../../src/render/palette.ts';
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
 * the neighbours outside it), as crop.width x crop.height RGBA bytes.
 */
export function referenceImage(hash: string, width: number, height: number, crop?: Crop): Uint8Array {
  const c = crop ?? { x: 0, y: 0, width, height };
  // Evaluated: the crop, plus the column on its right and the row above it where the image has them.
  const ex = c.x;
  const ey = Math.max(0, c.y - 1);
  const ew = Math.min(width, c.x + c.width + 1) - ex;
  const eh = c.y + c.height - ey;
  const { state: s, errors } = decodeHash(hash);
  if (errors.length) throw new Error(errors.join('\n'));
  const net = networkOf(s.architecture);
  const map = mapOf(net, s.view.plane) as PlaneMap;
  const v = s.view;
  const nOut = net.layers[net.layers.length - 1]!.outDim;
  const argmax = s.mode === 'output' && s.output < 0 && nOut > 1;
  const k = Math.max(0, Math.min(s.output, nOut - 1));
  const kind = s.mode === 'gradient' ? 'gradient' : s.mode === 'output' && !argmax ? 'output' : null;
  const range = kind ? displayRange(net, map, v, kind, s.output) : 1;
  const layers = s.mode === 'layer' ? Math.min(s.layer, net.layers.length) : net.layers.length;
  let hashNeurons = 0;
  for (let l = 0; l < layers; l++) hashNeurons += net.layers[l]!.outDim;
  let probe = -1;
  if (s.probe) {
    probe = s.probe[1];
    for (let l = 0; l < s.probe[0]; l++) probe += net.layers[l]!.outDim;
  }
  const ws = createWorkspace(net);
  const grad = new PlaneGradient(net, map);
  const ids = new Uint32Array(2 * ew * eh);
  const value = new Float64Array(ew * eh);
  const probeState = new Uint8Array(ew * eh);
  for (let j = 0; j < eh; j++) {
    const t = v.y1 - ((ey + j + 0.5) * (v.y1 - v.y0)) / height;
    for (let i = 0; i < ew; i++) {
      const sv = v.x0 + ((ex + i + 0.5) * (v.x1 - v.x0)) / width;
      pointAt(map, sv, t, ws.x);
      forwardInto(net, ws.x, ws);
      const p = j * ew + i;
      patternHashInto(ws.pattern, ids, 2 * p, hashNeurons);
      if (probe >= 0) probeState[p] = ws.pattern[probe]!;
      if (s.mode === 'gradient') value[p] = grad.normAt(ws.pattern, k);
      else if (argmax) {
        let best = 0;
        for (let o = 1; o < nOut; o++) if (ws.output[o]! > ws.output[best]!) best = o;
        value[p] = best;
      } else value[p] = ws.output[k]!;
    }
  }
  const rgba = new Uint8Array(4 * c.width * c.height);
  const mask = boundaryMask(s.mode === 'gradient' || s.mode === 'output');
  for (let j = 0; j < c.height; j++) {
    for (let i = 0; i < c.width; i++) {
      const p = (c.y + j - ey) * ew + i; // in the evaluated rectangle
      const o = 4 * (j * c.width + i); // in the output
      const put = (col: readonly [number, number, number]) => {
        rgba[o] = col[0];
        rgba[o + 1] = col[1];
        rgba[o + 2] = col[2];
      };
      const id = ids[2 * p]! & REGION_ID_MASK;
      if (s.mode === 'gradient') viridis(value[p]! / range, rgba, o);
      else if (argmax) classColour(value[p]!, rgba, o);
      else if (s.mode === 'output') diverging(value[p]! / range, rgba, o);
      else regionColour(id, rgba, o);
      rgba[o + 3] = 255;
      // Neighbours: right (i + 1) and above (j - 1), as in the composite shader.
      const r = c.x + i + 1 < width ? p + 1 : p;
      const u = c.y + j > 0 ? p - ew : p;
      const idDiffers = (q: number) => ((ids[2 * q]! ^ ids[2 * p]!) & mask) !== 0;
      if (s.boundaries && (idDiffers(r) || idDiffers(u))) {
        for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(rgba[o + k]! * BOUNDARY_DARKEN);
      }
      const level = (q: number) =>
        argmax ? value[q] !== value[p] : s.mode === 'output' && value[q]! > 0 !== value[p]! > 0;
      if (s.mode === 'output' && (level(r) || level(u))) put(LEVEL_COLOUR);
      if (probe >= 0 && (probeState[r] !== probeState[p] || probeState[u] !== probeState[p]))
        put(PROBE_COLOUR);
    }
  }
  return rgba;
}

/**
 * Pixels of two RGBA images (same size) whose colours differ by more than `levels` of 255 in some channel;
 * 2 by default, the screenshot tests' tolerance (float32 colour maps and half-float values on the GPU).
 */
export function differingPixels(a: Uint8Array, b: Uint8Array, levels = 2): number {
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
