/**
 * Exact enumeration of the linear regions of a network on a 2-D window of the (s, t) plane.
 *
 * Method: layer-wise subdivision of a planar subdivision with shared vertices. The window, in normalised
 * coordinates (u, v) in [0, 1]^2, starts as one face. For each layer, every face knows the affine maps of
 * that layer's pre-activations z_j(u, v) (exact composition of the previous layers' pieces, in float64); each
 * face is then cut by the lines z_j = threshold of the neurons whose sign changes on it. A cut inserts the
 * crossing points into the neighbouring faces too (every edge knows the face on its other side), so a
 * bent hyperplane that continues into the neighbour reuses the very same vertex: vertices are never
 * duplicated and V, E, F describe one planar graph.
 *
 * Predicates: the sign of z at a vertex is decided in float64 with a relative tolerance
 * (|z| <= 2^12 eps (m + |a_u| + |a_v| + |c| + |threshold|) counts as zero, i.e. the vertex lies on the line,
 * where m bounds the magnitude of the terms that made z on this face through its own pattern: face-maps.ts).
 * Because the coordinates are normalised to the window, this tolerance is relative to the window, so a
 * window a million times smaller than the network's scale keeps its structure. A face is cut only when it
 * has vertices strictly on both sides, so concurrent, parallel and duplicated neurons, zero and dead
 * neurons and neurons that only touch a face never create spurious regions.
 */
import { pieceOf as pieceOf_, thresholds } from './activations.ts';
import { Arena, addColumn, affineLayer, ByteArena, prepareLayer, STRIDE } from './face-maps.ts';
import { type Network, neuronCount, outputDim } from './model.ts';
import { planeMap, type Window, windowError } from './plane.ts';
import {
  ABOVE as ABOVE_,
  CROSSES as CROSSES_,
  type Face,
  ON_LINE as ON_LINE_,
  Subdivision,
} from './subdivision.ts';

/**
 * One linear region: a convex polygon on which every neuron keeps one state and f is affine. Its typed arrays
 * are views of buffers shared by all regions of one enumeration (copy them with slice() to keep or send one).
 */
export interface Region {
  /** Vertices [s0, t0, s1, t1, ...] counter-clockwise, in plane coordinates (may include collinear vertices). */
  polygon: Float64Array;
  /** One state per neuron of every layer (the same numbering as forward.ts). */
  pattern: Uint8Array;
  /**
   * The affine map in plane coordinates: f_k(s, t) = jacobian[2k] s + jacobian[2k+1] t + offset[k].
   * Empty when only the first `layers` layers were enumerated (f is then not affine on the region).
   */
  jacobian: Float64Array;
  /** Offsets of the affine map, one per output (empty like jacobian). */
  offset: Float64Array;
  /** Area in (s, t) units. */
  area: number;
  /** Centroid (s, t). */
  centroid: [number, number];
}

/** Options of {@link enumerateRegions}. */
export interface EnumerateOptions {
  /** Stop once more than this many regions exist; the result then has complete = false. */
  maxRegions?: number;
  /** Only the first `layers` layers define regions (partition after layer k). Default: all. */
  layers?: number;
  /** Called between faces with the number of faces so far; return true to cancel (complete = false). */
  shouldStop?: (facesSoFar: number) => boolean;
}

/** The result of {@link enumerateRegions}. */
export interface Enumeration {
  /** Every region of the window (empty when the enumeration was stopped early). */
  regions: Region[];
  /** Number of regions; when complete is false, the number found so far (a lower bound). */
  count: number;
  /** Number of distinct vertices of the subdivision (window corners included). */
  vertices: number;
  /** Number of distinct edges of the subdivision (window boundary pieces included); when stopped early, of the
   * subdivision so far (vertices likewise). */
  edges: number;
  /** Sum of region areas in (s, t) units (equals the window's area when complete). */
  area: number;
  /** False when maxRegions or shouldStop stopped the enumeration early. */
  complete: boolean;
}

// Local copies of imported bindings: module loaders that compile to CommonJS (tsx) turn every access to an
// imported binding into a getter call, which is measurable in the hot loops below.
const ABOVE = ABOVE_;
const ON_LINE = ON_LINE_;
const CROSSES = CROSSES_;
const pieceOf = pieceOf_;

/** Relative tolerance of the sign predicate, in units of the magnitude of the evaluated affine form. */
const TOLERANCE = 4096 * Number.EPSILON;

/**
 * Enumerate the regions of `net` on `window` (see plane.ts). Returns an error message (a string) for a bad
 * window or plane. Cost: about (faces of the previous layer) x width^2 per layer, plus the cuts.
 */
export function enumerateRegions(
  net: Network,
  window: Window,
  opts: EnumerateOptions = {},
): Enumeration | string {
  const werr = windowError(window);
  if (werr) return werr;
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') return map;
  const { x0, x1, y0, y1 } = window;
  const W = x1 - x0;
  const H = y1 - y0;
  const nLayers = Math.max(0, Math.min(opts.layers ?? net.layers.length, net.layers.length));
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  const full = nLayers === net.layers.length;
  const sub = new Subdivision();
  // The input as an affine map of (u, v): [d/du, d/dv, value at (0,0)] per input coordinate.
  const n0 = net.inputDim;
  // The 4th number is the magnitude of the terms over the unit square (see face-maps.ts).
  const h0 = new Float64Array(STRIDE * n0);
  for (let i = 0; i < n0; i++) {
    const hu = W * map.ds[i]!;
    const hv = H * map.dt[i]!;
    const hc = map.origin[i]! + x0 * map.ds[i]! + y0 * map.dt[i]!;
    h0[STRIDE * i] = hu;
    h0[STRIDE * i + 1] = hv;
    h0[STRIDE * i + 2] = hc;
    h0[STRIDE * i + 3] = Math.abs(hu) + Math.abs(hv) + Math.abs(hc);
  }
  const prepared = net.layers.map(prepareLayer);
  // cur holds each face's maps of the current layer's pre-activations; next those of the layer after.
  let cur = new Arena();
  let next = new Arena();
  const nNeurons = neuronCount(net);
  const patterns = new ByteArena();
  const first = sub.square(patterns.alloc(nNeurons), 0);
  let pat = patterns.data;
  if (nLayers > 0) {
    cur.alloc(STRIDE * net.layers[0]!.outDim);
    affineLayer(prepared[0]!, h0, cur.data, 0);
  } else {
    cur.alloc(STRIDE * n0);
    cur.data.set(h0);
  }
  let faces: Face[] = [first];
  let count = 1;
  let stopped = false;
  const piece = new Float64Array(2);
  const pieceRef = new Float64Array(2);
  let maxW = 0;
  for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
  const href = new Float64Array(STRIDE * maxW);
  const crossing: number[] = [];
  let off = 0;
  for (let l = 0; l < nLayers && !stopped; l++) {
    const { outDim, activation, alpha } = net.layers[l]!;
    const ths = thresholds(activation);
    const nextLayer = l + 1 < nLayers ? net.layers[l + 1]! : null;
    const nextP = l + 1 < nLayers ? prepared[l + 1]! : null;
    const wantMaps = nextLayer !== null || full;
    const nextSize = nextLayer ? STRIDE * nextLayer.outDim : STRIDE * outDim;
    const out: Face[] = [];
    next.used = 0;
    next.reserve(3 * faces.length * nextSize);
    for (let fi = 0; fi < faces.length; fi++) {
      if (count > maxRegions || opts.shouldStop?.(count)) {
        // The subdivision so far: the pieces made of earlier parents and the parents not yet cut.
        faces = out.concat(faces.slice(fi));
        stopped = true;
        break;
      }
      const parent = faces[fi]!;
      const z = cur.data;
      const zo = parent.zOff;
      // Neurons whose lines miss the parent set its state once (inherited by all pieces); only the crossing
      // ones are cut, piece by piece.
      crossing.length = 0;
      for (let j = 0; j < outDim; j++) {
        const au = z[zo + STRIDE * j]!;
        const av = z[zo + STRIDE * j + 1]!;
        const cz = z[zo + STRIDE * j + 2]!;
        const base = z[zo + STRIDE * j + 3]! + Math.abs(au) + Math.abs(av) + Math.abs(cz);
        for (let ti = 0; ti < ths.length; ti++) {
          const th = ths[ti]!;
          const side = sub.side(parent, au, av, cz - th, TOLERANCE * (base + Math.abs(th)));
          if (side === CROSSES || Number.isNaN(side)) crossing.push(j, ti);
          else if (side === ABOVE || (side === ON_LINE && ti === 0 && ths.length === 2)) {
            pat[parent.pOff + off + j] = pat[parent.pOff + off + j]! + 1;
          }
        }
      }
      const pieces: Face[] = [parent];
      for (let c = 0; c < crossing.length; c += 2) {
        if (count > maxRegions) {
          // Stop inside a parent too (one parent of a wide first layer can hold most of the regions).
          faces = out.concat(pieces, faces.slice(fi + 1));
          stopped = true;
          break;
        }
        const j = crossing[c]!;
        const ti = crossing[c + 1]!;
        const au = z[zo + STRIDE * j]!;
        const av = z[zo + STRIDE * j + 1]!;
        const cz = z[zo + STRIDE * j + 2]!;
        const zm = z[zo + STRIDE * j + 3]!;
        const th = ths[ti]!;
        // For hardtanh's lower threshold the closed side z >= -1 counts as "above"; otherwise z > th does.
        const closedAbove = ths.length === 2 && ti === 0;
        const tol = TOLERANCE * (zm + Math.abs(au) + Math.abs(av) + Math.abs(cz) + Math.abs(th));
        const np = pieces.length;
        for (let pi = 0; pi < np; pi++) {
          const f = pieces[pi]!;
          let res = sub.cut(f, au, av, cz - th, tol);
          for (let k = 1; typeof res === 'number' && Number.isNaN(res) && k <= 4; k++) {
            res = sub.cut(f, au, av, cz - th, tol * 256 ** k);
          }
          if (typeof res === 'number') {
            if (Number.isNaN(res)) throw new Error(`inconsistent cut at layer ${l}, neuron ${j}`);
            if (res === ABOVE || (res === ON_LINE && closedAbove))
              pat[f.pOff + off + j] = pat[f.pOff + off + j]! + 1;
          } else {
            // The new face (negative side) gets its own copy of the pattern so far.
            const po = patterns.alloc(nNeurons);
            pat = patterns.data;
            pat.copyWithin(po, f.pOff, f.pOff + nNeurons);
            res.pOff = po;
            pat[f.pOff + off + j] = pat[f.pOff + off + j]! + 1;
            pieces.push(res);
            count++;
          }
        }
      }
      if (stopped) break;
      if (!wantMaps) {
        for (const f of pieces) out.push(f);
        continue;
      }
      // Post-activation maps h = piece(z) of the first piece, and the next layer's W h + b in full; the
      // siblings differ from it only in the few neurons whose lines cross the parent.
      const ref = pieces[0]!;
      for (let j = 0; j < outDim; j++) {
        pieceOf(activation, pat[ref.pOff + off + j]!, alpha[j]!, piece);
        href[STRIDE * j] = piece[0]! * z[zo + STRIDE * j]!;
        href[STRIDE * j + 1] = piece[0]! * z[zo + STRIDE * j + 1]!;
        href[STRIDE * j + 2] = piece[0]! * z[zo + STRIDE * j + 2]! + piece[1]!;
        href[STRIDE * j + 3] = Math.abs(piece[0]!) * z[zo + STRIDE * j + 3]! + Math.abs(piece[1]!);
      }
      const refOff = next.alloc(nextSize);
      if (nextP) affineLayer(nextP, href, next.data, refOff);
      else next.data.set(href.subarray(0, nextSize), refOff);
      for (let pi = 1; pi < pieces.length; pi++) {
        const f = pieces[pi]!;
        const fo = next.alloc(nextSize);
        const zn = next.data;
        zn.copyWithin(fo, refOff, refOff + nextSize);
        for (let j = 0; j < outDim; j++) {
          const s = pat[f.pOff + off + j]!;
          const sr = pat[ref.pOff + off + j]!;
          if (s === sr) continue;
          pieceOf(activation, s, alpha[j]!, piece);
          pieceOf(activation, sr, alpha[j]!, pieceRef);
          const ds = piece[0]! - pieceRef[0]!;
          const du = ds * z[zo + STRIDE * j]!;
          const dv = ds * z[zo + STRIDE * j + 1]!;
          const dc = ds * z[zo + STRIDE * j + 2]! + piece[1]! - pieceRef[1]!;
          // A sibling's maps are the reference's plus this difference: their rounding error is bounded by
          // the reference's magnitude plus the difference's, so m only grows here.
          const dm = Math.abs(ds) * z[zo + STRIDE * j + 3]! + Math.abs(piece[1]! - pieceRef[1]!);
          if (nextP) addColumn(nextP, j, du, dv, dc, dm, zn, fo);
          else {
            zn[fo + STRIDE * j] = zn[fo + STRIDE * j]! + du;
            zn[fo + STRIDE * j + 1] = zn[fo + STRIDE * j + 1]! + dv;
            zn[fo + STRIDE * j + 2] = zn[fo + STRIDE * j + 2]! + dc;
            zn[fo + STRIDE * j + 3] = zn[fo + STRIDE * j + 3]! + dm;
          }
        }
        f.zOff = fo;
      }
      ref.zOff = refOff;
      for (const f of pieces) out.push(f);
    }
    if (stopped) break;
    faces = out;
    off += outDim;
    if (wantMaps) [cur, next] = [next, cur];
  }
  let directed = 0;
  let boundary = 0;
  for (const f of faces) {
    directed += f.verts.length;
    for (const a of f.adj) if (a === null) boundary++;
  }
  const edges = (directed + boundary) / 2;
  if (stopped) return { regions: [], count, vertices: sub.nv, edges, area: 0, complete: false };
  const nOut = outputDim(net);
  const regions: Region[] = [];
  let totalArea = 0;
  const zf = cur.data;
  // All polygons, maps and patterns live in a few shared buffers; regions hold views of them.
  let nCoords = 0;
  for (const f of faces) nCoords += 2 * f.verts.length;
  const coords = new Float64Array(nCoords);
  const maps = new Float64Array(full ? 3 * nOut * faces.length : 0);
  const patternsOut = pat.slice(0, patterns.used);
  const empty = new Float64Array(0);
  let co = 0;
  let mo = 0;
  for (const f of faces) {
    const vs = f.verts;
    const polygon = coords.subarray(co, co + 2 * vs.length);
    co += 2 * vs.length;
    // Shoelace sums relative to the first vertex, so that small faces far from the origin keep their precision.
    const ou = sub.vu[vs[0]!]!;
    const ov = sub.vv[vs[0]!]!;
    let a2 = 0;
    let cu = 0;
    let cv = 0;
    for (let i = 0; i < vs.length; i++) {
      const p = vs[i]!;
      const q = vs[(i + 1) % vs.length]!;
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
    const area = 0.5 * a2 * W * H;
    totalArea += area;
    const centroid: [number, number] = [x0 + (ou + cu / (3 * a2)) * W, y0 + (ov + cv / (3 * a2)) * H];
    let jacobian = empty;
    let offset = empty;
    if (full) {
      jacobian = maps.subarray(mo, mo + 2 * nOut);
      offset = maps.subarray(mo + 2 * nOut, mo + 3 * nOut);
      mo += 3 * nOut;
      for (let k = 0; k < nOut; k++) {
        const o = f.zOff + STRIDE * k;
        const js = zf[o]! / W;
        const jt = zf[o + 1]! / H;
        jacobian[2 * k] = js;
        jacobian[2 * k + 1] = jt;
        offset[k] = zf[o + 2]! - js * x0 - jt * y0;
      }
    }
    regions.push({
      polygon,
      pattern: patternsOut.subarray(f.pOff, f.pOff + nNeurons),
      jacobian,
      offset,
      area,
      centroid,
    });
  }
  return { regions, count: regions.length, vertices: sub.nv, edges, area: totalArea, complete: true };
}
