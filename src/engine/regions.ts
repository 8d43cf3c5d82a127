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
 * (|z| <= 2^12 eps (|a_u| + |a_v| + |c| + |threshold|) counts as zero, i.e. the vertex lies on the line).
 * Because the coordinates are normalised to the window, this tolerance is relative to the window, so a
 * window a million times smaller than the network's scale keeps its structure. A face is cut only when it
 * has vertices strictly on both sides, so concurrent, parallel and duplicated neurons, zero and dead
 * neurons and neurons that only touch a face never create spurious regions.
 */
import { pieceOf, thresholds } from './activations.ts';
import { type Layer, type Network, neuronCount, outputDim } from './model.ts';
import { planeMap, type Window, windowError } from './plane.ts';

/** One linear region: a convex polygon on which every neuron keeps one state and f is affine. */
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
  /** Number of distinct edges of the subdivision (window boundary pieces included). */
  edges: number;
  /** Sum of region areas in (s, t) units (equals the window's area when complete). */
  area: number;
  /** False when maxRegions or shouldStop stopped the enumeration early. */
  complete: boolean;
}

/** Relative tolerance of the sign predicate, in units of the magnitude of the evaluated affine form. */
const TOLERANCE = 4096 * Number.EPSILON;
/** Vertex ids must stay below this for edge keys a * KEY + b to be exact. */
const KEY = 67108864;

interface Face {
  /** Vertex ids, counter-clockwise. */
  verts: number[];
  /**
   * Affine maps [a_u, a_v, c] of the current layer's pre-activations, 3 per neuron (shared by the pieces
   * of one parent while it is cut); after the last layer, the output maps.
   */
  z: Float64Array;
  /** Full pattern (states of finished layers and of the current layer so far). */
  pattern: Uint8Array;
  /** Bounding box in (u, v). */
  umin: number;
  umax: number;
  vmin: number;
  vmax: number;
}

/** The layer's weights transposed (in x out): column i of W is contiguous. */
function transposeWeights(L: Layer): Float64Array {
  const wt = new Float64Array(L.inDim * L.outDim);
  for (let j = 0; j < L.outDim; j++)
    for (let i = 0; i < L.inDim; i++) wt[i * L.outDim + j] = L.weights[j * L.inDim + i]!;
  return wt;
}

/** out += column i of W times the affine form (du, dv, dc), for every neuron of the layer (3 per neuron). */
function addColumn(
  wt: Float64Array,
  outDim: number,
  i: number,
  du: number,
  dv: number,
  dc: number,
  out: Float64Array,
) {
  const col = i * outDim;
  for (let j = 0; j < outDim; j++) {
    const w = wt[col + j]!;
    const k = 3 * j;
    out[k] = out[k]! + w * du;
    out[k + 1] = out[k + 1]! + w * dv;
    out[k + 2] = out[k + 2]! + w * dc;
  }
}

/** The layer's pre-activation maps W h + b (3 per neuron) for input maps h (3 per input), skipping zero inputs. */
function affineLayer(L: Layer, wt: Float64Array, h: Float64Array): Float64Array {
  const z = new Float64Array(3 * L.outDim);
  for (let j = 0; j < L.outDim; j++) z[3 * j + 2] = L.bias[j]!;
  for (let i = 0; i < L.inDim; i++) {
    const hu = h[3 * i]!;
    const hv = h[3 * i + 1]!;
    const hc = h[3 * i + 2]!;
    if (hu === 0 && hv === 0 && hc === 0) continue;
    addColumn(wt, L.outDim, i, hu, hv, hc, z);
  }
  return z;
}

/** Number of maximal runs of equal non-zero sign in a cyclic sign sequence (zeros skipped). */
function signRuns(sg: Int8Array): number {
  let first = 0;
  let prev = 0;
  let runs = 0;
  for (let i = 0; i < sg.length; i++) {
    const s = sg[i]!;
    if (s === 0) continue;
    if (first === 0) first = s;
    if (s !== prev) runs++;
    prev = s;
  }
  if (runs > 1 && prev === first) runs--;
  return runs;
}

/** The growing planar subdivision: vertex coordinates and the face on the left of each directed edge. */
class Subdivision {
  vu = new Float64Array(1024);
  vv = new Float64Array(1024);
  nv = 0;
  readonly owner = new Map<number, Face>();

  addVertex(u: number, v: number): number {
    if (this.nv === this.vu.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.vu = grow(this.vu);
      this.vv = grow(this.vv);
    }
    if (this.nv >= KEY) throw new RangeError('too many vertices for one enumeration');
    this.vu[this.nv] = u;
    this.vv[this.nv] = v;
    return this.nv++;
  }

  setEdges(f: Face): void {
    const vs = f.verts;
    for (let i = 0; i < vs.length; i++) this.owner.set(vs[i]! * KEY + vs[(i + 1) % vs.length]!, f);
  }

  deleteEdges(vs: readonly number[]): void {
    for (let i = 0; i < vs.length; i++) this.owner.delete(vs[i]! * KEY + vs[(i + 1) % vs.length]!);
  }

  bbox(f: Face): void {
    let umin = Infinity;
    let umax = -Infinity;
    let vmin = Infinity;
    let vmax = -Infinity;
    for (const id of f.verts) {
      const u = this.vu[id]!;
      const v = this.vv[id]!;
      if (u < umin) umin = u;
      if (u > umax) umax = u;
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
    f.umin = umin;
    f.umax = umax;
    f.vmin = vmin;
    f.vmax = vmax;
  }

  /**
   * Cut face `f` along au u + av v + c = 0 (c already shifted by the threshold); |value| <= tol counts as
   * zero. Returns the part on the negative side as a new face (f keeps the positive part), or -1 / +1 when
   * the face lies entirely on the non-positive / non-negative side, 0 when the form vanishes on the whole
   * face, NaN (and nothing modified) when the signs are inconsistent with a convex face.
   */
  cut(f: Face, au: number, av: number, c: number, tol: number): Face | number {
    // Quick rejection with the bounding box.
    const uc = 0.5 * (f.umin + f.umax);
    const vc = 0.5 * (f.vmin + f.vmax);
    const zc = c + au * uc + av * vc;
    const r = Math.abs(au) * 0.5 * (f.umax - f.umin) + Math.abs(av) * 0.5 * (f.vmax - f.vmin);
    if (zc - r > tol) return 1;
    if (zc + r < -tol) return -1;
    const vs = f.verts;
    const n = vs.length;
    const zs = new Float64Array(n);
    const sg = new Int8Array(n);
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < n; i++) {
      const z = c + au * this.vu[vs[i]!]! + av * this.vv[vs[i]!]!;
      zs[i] = z;
      const s = z > tol ? 1 : z < -tol ? -1 : 0;
      sg[i] = s;
      if (s > 0) pos++;
      else if (s < 0) neg++;
    }
    if (neg === 0) return pos > 0 ? 1 : 0;
    if (pos === 0) return -1;
    // A convex face crossed by a line has exactly one run of each sign; more runs mean rounding noise,
    // which the caller resolves with a larger tolerance. Checked before anything is modified.
    if (signRuns(sg) !== 2) return Number.NaN;
    // Insert the crossing points of edges with a strict sign change, in f and in the face across the edge.
    const seq: number[] = [];
    const ss: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = vs[i]!;
      const j = (i + 1) % n;
      seq.push(a);
      ss.push(sg[i]!);
      if (sg[i]! * sg[j]! < 0) {
        const b = vs[j]!;
        const t = zs[i]! / (zs[i]! - zs[j]!);
        const p = this.addVertex(
          this.vu[a]! + t * (this.vu[b]! - this.vu[a]!),
          this.vv[a]! + t * (this.vv[b]! - this.vv[a]!),
        );
        const g = this.owner.get(b * KEY + a);
        if (g) {
          const k = g.verts.indexOf(b);
          g.verts.splice(k + 1, 0, p);
          this.owner.delete(b * KEY + a);
          this.owner.set(b * KEY + p, g);
          this.owner.set(p * KEY + a, g);
        }
        seq.push(p);
        ss.push(0);
      }
    }
    const m = seq.length;
    // Nearest non-zero sign before and after each vertex (cyclically).
    const prevNz = new Int8Array(m);
    const nextNz = new Int8Array(m);
    let last = 0;
    for (let k = 0; k < 2 * m; k++) {
      const i = k % m;
      if (k >= m) prevNz[i] = last;
      if (ss[i] !== 0) last = ss[i]!;
    }
    last = 0;
    for (let k = 2 * m - 1; k >= 0; k--) {
      const i = k % m;
      if (k < m) nextNz[i] = last;
      if (ss[i] !== 0) last = ss[i]!;
    }
    const posVerts: number[] = [];
    const negVerts: number[] = [];
    for (let i = 0; i < m; i++) {
      const s = ss[i]!;
      if (s > 0) posVerts.push(seq[i]!);
      else if (s < 0) negVerts.push(seq[i]!);
      else {
        if (prevNz[i] === 1 || nextNz[i] === 1) posVerts.push(seq[i]!);
        const adjNeg = ss[(i + m - 1) % m] === -1 || ss[(i + 1) % m] === -1;
        if ((prevNz[i] === -1 && nextNz[i] === -1) || adjNeg) negVerts.push(seq[i]!);
      }
    }
    this.deleteEdges(vs);
    f.verts = posVerts;
    const g: Face = {
      verts: negVerts,
      z: f.z,
      pattern: f.pattern.slice(),
      umin: 0,
      umax: 0,
      vmin: 0,
      vmax: 0,
    };
    this.setEdges(f);
    this.setEdges(g);
    this.bbox(f);
    this.bbox(g);
    return g;
  }
}

/**
 * Enumerate the regions of `net` on `window` (see plane.ts). Returns an error message (a string) for a bad
 * window or plane. Cost: roughly (faces per layer) x (width^2) per layer, plus the cuts.
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
  const sub = new Subdivision();
  const c00 = sub.addVertex(0, 0);
  const c10 = sub.addVertex(1, 0);
  const c11 = sub.addVertex(1, 1);
  const c01 = sub.addVertex(0, 1);
  // The input as an affine map of (u, v): rows [d/du, d/dv, value at (0,0)] per input coordinate.
  const n0 = net.inputDim;
  const h0 = new Float64Array(3 * n0);
  for (let i = 0; i < n0; i++) {
    h0[3 * i] = W * map.ds[i]!;
    h0[3 * i + 1] = H * map.dt[i]!;
    h0[3 * i + 2] = map.origin[i]! + x0 * map.ds[i]! + y0 * map.dt[i]!;
  }
  const transposed = net.layers.map(transposeWeights);
  const first: Face = {
    verts: [c00, c10, c11, c01],
    pattern: new Uint8Array(neuronCount(net)),
    umin: 0,
    umax: 1,
    vmin: 0,
    vmax: 1,
    z: new Float64Array(0),
  };
  if (nLayers > 0) first.z = affineLayer(net.layers[0]!, transposed[0]!, h0);
  else first.z = h0;
  sub.setEdges(first);
  let faces: Face[] = [first];
  let count = 1;
  let stopped = false;
  const piece = new Float64Array(2);
  const pieceRef = new Float64Array(2);
  let off = 0;
  for (let l = 0; l < nLayers && !stopped; l++) {
    const L = net.layers[l]!;
    const { outDim, activation, alpha } = L;
    const ths = thresholds(activation);
    const nextLayer = l + 1 < nLayers ? net.layers[l + 1]! : null;
    const nextWt = l + 1 < nLayers ? transposed[l + 1]! : null;
    const wantMaps = nextLayer !== null || nLayers === net.layers.length;
    const next: Face[] = [];
    for (let fi = 0; fi < faces.length; fi++) {
      const parent = faces[fi]!;
      if (count > maxRegions || opts.shouldStop?.(count)) {
        stopped = true;
        break;
      }
      const z = parent.z;
      const pieces: Face[] = [parent];
      for (let j = 0; j < outDim; j++) {
        const au = z[3 * j]!;
        const av = z[3 * j + 1]!;
        const cz = z[3 * j + 2]!;
        const base = Math.abs(au) + Math.abs(av) + Math.abs(cz);
        for (let ti = 0; ti < ths.length; ti++) {
          const th = ths[ti]!;
          // For hardtanh's lower threshold the closed side z >= -1 counts as "above"; otherwise z > th does.
          const closedAbove = ths.length === 2 && ti === 0;
          const np = pieces.length;
          for (let pi = 0; pi < np; pi++) {
            const f = pieces[pi]!;
            const scale = base + Math.abs(th);
            let res = sub.cut(f, au, av, cz - th, TOLERANCE * scale);
            for (let k = 1; typeof res === 'number' && Number.isNaN(res) && k <= 4; k++) {
              res = sub.cut(f, au, av, cz - th, TOLERANCE * scale * 256 ** k);
            }
            if (typeof res === 'number') {
              if (Number.isNaN(res)) throw new Error(`inconsistent cut at layer ${l}, neuron ${j}`);
              const above = res > 0 || (res === 0 && closedAbove);
              if (above) f.pattern[off + j] = f.pattern[off + j]! + 1;
            } else {
              f.pattern[off + j] = f.pattern[off + j]! + 1;
              pieces.push(res);
              count++;
            }
          }
        }
      }
      if (!wantMaps) {
        for (const f of pieces) next.push(f);
        continue;
      }
      // Post-activation maps h = piece(z); the next layer's pre-activations W h + b are computed in full for
      // the first piece only: siblings differ from it in the few neurons whose lines cross the parent.
      const ref = pieces[0]!;
      const href = new Float64Array(3 * outDim);
      for (let j = 0; j < outDim; j++) {
        pieceOf(activation, ref.pattern[off + j]!, alpha[j]!, piece);
        href[3 * j] = piece[0]! * z[3 * j]!;
        href[3 * j + 1] = piece[0]! * z[3 * j + 1]!;
        href[3 * j + 2] = piece[0]! * z[3 * j + 2]! + piece[1]!;
      }
      const zref = nextLayer ? affineLayer(nextLayer, nextWt!, href) : href;
      for (let pi = 0; pi < pieces.length; pi++) {
        const f = pieces[pi]!;
        const zf = pi === 0 ? zref : zref.slice();
        if (pi > 0) {
          for (let j = 0; j < outDim; j++) {
            const s = f.pattern[off + j]!;
            const sr = ref.pattern[off + j]!;
            if (s === sr) continue;
            pieceOf(activation, s, alpha[j]!, piece);
            pieceOf(activation, sr, alpha[j]!, pieceRef);
            const ds = piece[0]! - pieceRef[0]!;
            const du = ds * z[3 * j]!;
            const dv = ds * z[3 * j + 1]!;
            const dc = ds * z[3 * j + 2]! + piece[1]! - pieceRef[1]!;
            if (nextLayer) addColumn(nextWt!, nextLayer.outDim, j, du, dv, dc, zf);
            else {
              zf[3 * j] = zf[3 * j]! + du;
              zf[3 * j + 1] = zf[3 * j + 1]! + dv;
              zf[3 * j + 2] = zf[3 * j + 2]! + dc;
            }
          }
        }
        f.z = zf;
        next.push(f);
      }
    }
    if (stopped) break;
    faces = next;
    off += outDim;
  }
  let directed = 0;
  let boundary = 0;
  for (const key of sub.owner.keys()) {
    directed++;
    const a = Math.floor(key / KEY);
    const b = key - a * KEY;
    if (!sub.owner.has(b * KEY + a)) boundary++;
  }
  const edges = (directed + boundary) / 2;
  if (stopped) return { regions: [], count, vertices: sub.nv, edges, area: 0, complete: false };
  const full = nLayers === net.layers.length;
  const nOut = outputDim(net);
  const regions: Region[] = [];
  let totalArea = 0;
  for (const f of faces) {
    const vs = f.verts;
    const polygon = new Float64Array(2 * vs.length);
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
    let jacobian = new Float64Array(0);
    let offset = new Float64Array(0);
    if (full) {
      jacobian = new Float64Array(2 * nOut);
      offset = new Float64Array(nOut);
      for (let k = 0; k < nOut; k++) {
        const gu = f.z[3 * k]!;
        const gv = f.z[3 * k + 1]!;
        const js = gu / W;
        const jt = gv / H;
        jacobian[2 * k] = js;
        jacobian[2 * k + 1] = jt;
        offset[k] = f.z[3 * k + 2]! - js * x0 - jt * y0;
      }
    }
    regions.push({ polygon, pattern: f.pattern, jacobian, offset, area, centroid });
  }
  return { regions, count: regions.length, vertices: sub.nv, edges, area: totalArea, complete: true };
}
