/**
 * The regions of a finished enumeration (regions.ts): polygons in plane coordinates, areas, centroids and
 * affine maps, all in a few shared buffers that the regions view.
 */

import { STRIDE } from './face-maps.ts';
import { SlotPatterns, unpackedPattern } from './packed-states.ts';
import type { Region } from './regions.ts';
import { type RegionStore, SharedRegion as SharedRegion_ } from './shared-region.ts';
import type { Face, Subdivision } from './subdivision.ts';

// A local copy of an imported binding (see face-walk.ts).
const SharedRegion = SharedRegion_;

/** What {@link buildRegions} reads from the enumeration. */
export interface FinishedSubdivision {
  /** The subdivision (vertex coordinates in (u, v)). */
  sub: Subdivision;
  /** Its faces. */
  faces: ArrayLike<Face>;
  /**
   * Per finished face, the slot of its states below `split` (the parent's, for a face that keeps only its
   * tail: packed-states.ts unpackRegion).
   */
  pres: ArrayLike<number>;
  split: number;
  /** The maps arena (per face: STRIDE numbers per output). */
  zf: Float64Array;
  /** The pattern arena's bytes (two bits per neuron: packed-states.ts) and how many are used. */
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
  const { sub, faces, pres, split, zf, pat, nNeurons, nOut, full, x0, y0, W, H, onRegion } = d;
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
  // Regions kept in the result are one object each over these buffers (shared-region.ts).
  const kept = !onRegion && !areas;
  // Patterns two bits per neuron, region k's at slots preAt[k] and patternAt[k] (packed-states.ts),
  // unpacked when read.
  const patternAt = kept ? new Int32Array(faces.length) : null;
  const preAt = kept ? new Int32Array(faces.length) : null;
  const store: RegionStore | null = kept
    ? {
        coords,
        starts: new Int32Array(faces.length + 1),
        patterns: patternsOut,
        patternAt: null,
        packed: new SlotPatterns(patternsOut, patternAt!, preAt!, split, nNeurons),
        nNeurons,
        maps,
        nOut: full ? nOut : 0,
        centroids: new Float64Array(2 * faces.length),
      }
    : null;
  const empty = new Float64Array(0);
  let co = 0;
  for (let fi = 0; fi < faces.length; fi++) {
    const f = faces[fi]!;
    const n = fLen[f]!;
    const s = fStart[f]!;
    if (areas && scratch.length < 2 * n) scratch = new Float64Array(4 * n);
    // The polygon goes to poly[co ..): the shared coordinates (co advances), a scratch array or the region's
    // own array (co stays 0).
    const poly = areas ? scratch : onRegion ? new Float64Array(2 * n) : coords;
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
      poly[co + 2 * i] = x0 + sub.vu[p]! * W;
      poly[co + 2 * i + 1] = y0 + sub.vv[p]! * H;
    }
    // A region narrower than float64 can resolve in (u, v) has no measurable area (0, never negative); on a
    // window whose area exceeds float64 the large regions' areas are Infinity.
    const area = a2 > 0 ? 0.5 * a2 * W * H : 0;
    totalArea += area;
    if (areas) {
      areas[fi] = area;
      continue;
    }
    const cs = a2 > 0 ? x0 + (ou + cu / (3 * a2)) * W : x0 + ou * W;
    const ct = a2 > 0 ? y0 + (ov + cv / (3 * a2)) * H : y0 + ov * H;
    // The maps in plane coordinates: to the shared maps, or to the region's own array.
    const m = full ? (store ? maps : new Float64Array(3 * nOut)) : empty;
    const mb = store ? 3 * nOut * fi : 0;
    if (full) {
      for (let k = 0; k < nOut; k++) {
        const o = sub.fZOff[f]! + STRIDE * k;
        const js = zf[o]! / W;
        const jt = zf[o + 1]! / H;
        m[mb + 2 * k] = js;
        m[mb + 2 * k + 1] = jt;
        m[mb + 2 * nOut + k] = zf[o + 2]! - js * x0 - jt * y0;
      }
    }
    if (store) {
      co += 2 * n;
      store.starts[fi + 1] = co >> 1;
      patternAt![fi] = sub.fPOff[f]!;
      preAt![fi] = pres[fi]!;
      store.centroids[2 * fi] = cs;
      store.centroids[2 * fi + 1] = ct;
      regions.push(new SharedRegion(store, fi, area));
      continue;
    }
    onRegion!({
      polygon: poly,
      pattern: unpackedPattern(patternsOut, pres[fi]!, sub.fPOff[f]!, split, nNeurons),
      jacobian: full ? m.subarray(0, 2 * nOut) : empty,
      offset: full ? m.subarray(2 * nOut, 3 * nOut) : empty,
      area,
      centroid: [cs, ct],
    });
  }
  return areas ? { regions, totalArea, areas } : { regions, totalArea };
}
