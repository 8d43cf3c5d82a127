/**
 * The regions of a finished enumeration (regions.ts): polygons in plane coordinates, areas, centroids and
 * affine maps, all in a few shared buffers that the regions view.
 */

import { STRIDE } from './face-maps.ts';
import type { Region } from './regions.ts';
import type { Face, Subdivision } from './subdivision.ts';

/** What {@link buildRegions} reads from the enumeration. */
export interface FinishedSubdivision {
  /** The subdivision (vertex coordinates in (u, v)). */
  sub: Subdivision;
  /** Its faces. */
  faces: ArrayLike<Face>;
  /** The maps arena (per face: STRIDE numbers per output). */
  zf: Float64Array;
  /** The pattern arena's bytes and how many are used. */
  pat: Uint8Array;
  patternsUsed: number;
  /** Neurons per pattern, outputs, and whether the maps are those of the network's outputs. */
  nNeurons: number;
  nOut: number;
  full: boolean;
  /** The window. */
  x0: number;
  y0: number;
  W: number;
  H: number;
  /** When given, each region goes to it as it is built (with arrays of its own) instead of into the result. */
  onRegion?: (r: Region) => void;
  /** Keep only the areas (see EnumerateOptions.areasOnly; ignored with onRegion). */
  areasOnly?: boolean;
}

/**
 * Build every region of a finished subdivision and their total area; with `d.onRegion`, hand each region to it
 * instead (the list returned is then empty and no shared buffers are made); with `d.areasOnly`, only the
 * areas.
 */
export function buildRegions(d: FinishedSubdivision): {
  regions: Region[];
  totalArea: number;
  areas?: Float64Array;
} {
  const { sub, faces, zf, pat, nNeurons, nOut, full, x0, y0, W, H, onRegion } = d;
  const regions: Region[] = [];
  let totalArea = 0;
  const areas = d.areasOnly && !onRegion ? new Float64Array(faces.length) : null;
  let scratch = new Float64Array(64);
  // All polygons, maps and patterns live in a few shared buffers; regions hold views of them.
  let nCoords = 0;
  const { fStart, fLen, eVert } = sub;
  if (!onRegion && !areas) for (let fi = 0; fi < faces.length; fi++) nCoords += 2 * fLen[faces[fi]!]!;
  const coords = new Float64Array(nCoords);
  const maps = new Float64Array(full && !onRegion && !areas ? 3 * nOut * faces.length : 0);
  // The arena is not written after the enumeration: a view of it when it is mostly used (or regions are
  // handed out one by one, or only the areas are kept), else a tight copy.
  const patternsOut =
    onRegion || areas || 4 * d.patternsUsed >= 3 * pat.length
      ? pat.subarray(0, d.patternsUsed)
      : pat.slice(0, d.patternsUsed);
  const empty = new Float64Array(0);
  let co = 0;
  let mo = 0;
  for (let fi = 0; fi < faces.length; fi++) {
    const f = faces[fi]!;
    const n = fLen[f]!;
    const s = fStart[f]!;
    if (areas && scratch.length < 2 * n) scratch = new Float64Array(4 * n);
    const polygon = areas ? scratch : onRegion ? new Float64Array(2 * n) : coords.subarray(co, co + 2 * n);
    if (!onRegion) co += 2 * n;
    // Shoelace sums relative to the first vertex, so that small faces far from the origin keep their precision.
    const ou = sub.vu[eVert[s]!]!;
    const ov = sub.vv[eVert[s]!]!;
    let a2 = 0;
    let cu = 0;
    let cv = 0;
    for (let i = 0; i < n; i++) {
      const p = eVert[s + i]!;
      const q = eVert[s + (i + 1 === n ? 0 : i + 1)]!;
      const pu = sub.vu[p]! - ou;
      const pv = sub.vv[p]! - ov;
      const qu = sub.vu[q]! - ou;
      const qv = sub.vv[q]! - ov;
      const cr = pu * qv - qu * pv;
      a2 += cr;
      cu += (pu + qu) * cr;
      cv += (pv + qv) * cr;
      polygon[2 * i] = x0 + sub.vu[p]! * W;
      polygon[2 * i + 1] = y0 + sub.vv[p]! * H;
    }
    // A region narrower than float64 can resolve in (u, v) has no measurable area (0, never negative); on a
    // window whose area exceeds float64 the large regions' areas are Infinity.
    const area = a2 > 0 ? 0.5 * a2 * W * H : 0;
    totalArea += area;
    if (areas) {
      areas[fi] = area;
      continue;
    }
    const centroid: [number, number] =
      a2 > 0 ? [x0 + (ou + cu / (3 * a2)) * W, y0 + (ov + cv / (3 * a2)) * H] : [x0 + ou * W, y0 + ov * H];
    let jacobian = empty;
    let offset = empty;
    if (full) {
      const m = onRegion ? new Float64Array(3 * nOut) : maps;
      const mb = onRegion ? 0 : mo;
      jacobian = m.subarray(mb, mb + 2 * nOut);
      offset = m.subarray(mb + 2 * nOut, mb + 3 * nOut);
      if (!onRegion) mo += 3 * nOut;
      for (let k = 0; k < nOut; k++) {
        const o = sub.fZOff[f]! + STRIDE * k;
        const js = zf[o]! / W;
        const jt = zf[o + 1]! / H;
        jacobian[2 * k] = js;
        jacobian[2 * k + 1] = jt;
        offset[k] = zf[o + 2]! - js * x0 - jt * y0;
      }
    }
    const region: Region = {
      polygon,
      pattern: patternsOut.subarray(sub.fPOff[f]!, sub.fPOff[f]! + nNeurons),
      jacobian,
      offset,
      area,
      centroid,
    };
    if (onRegion) onRegion(region);
    else regions.push(region);
  }
  return areas ? { regions, totalArea, areas } : { regions, totalArea };
}
