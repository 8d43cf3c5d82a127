/**
 * A planar subdivision of the unit square into convex faces with shared vertices, cut by lines.
 *
 * Every face lists its vertices counter-clockwise and, for each edge, the face on the other side (null on
 * the square's boundary). Cutting a face inserts each crossing point into the neighbouring face too, so a
 * line that continues into the neighbour later reuses the very same vertex: V, E and F always describe one
 * planar graph. Used by regions.ts; knows nothing of networks.
 *
 * Every vertex also records the two lines it lies on, and every edge its supporting line (ids given by
 * the caller: 0..3 are the square's sides u = 0, u = 1, v = 0, v = 1), so that a sign the float64 filter
 * cannot certify can be decided exactly by a {@link LineOracle}.
 */

/** Exact decisions for the line being tested or cut (see exact-lines.ts). */
export interface LineOracle {
  /** The exact sign of the current line at vertex v, the crossing of the lines vl0[v] and vl1[v]. */
  signAt(v: number): number;
  /** The id of the current line (recorded when first asked). */
  lineId(): number;
}

/** One convex face. */
export interface Face {
  /** Vertex ids, counter-clockwise. */
  verts: number[];
  /** adj[i]: the face across edge verts[i] -> verts[i + 1] (cyclically), or null on the boundary. */
  adj: (Face | null)[];
  /** lines[i]: the id of the line that edge verts[i] -> verts[i + 1] lies on. */
  lines: number[];
  /** Offset of this face's affine maps in the enumeration's arena (owned by regions.ts). */
  zOff: number;
  /** Offset of this face's activation pattern in the enumeration's pattern arena (owned by regions.ts). */
  pOff: number;
  /** Bounding box in (u, v). */
  umin: number;
  umax: number;
  vmin: number;
  vmax: number;
}

/** Result of {@link Subdivision.cut} when the face is not cut: it lies on the positive side. */
export const ABOVE = 1;
/** Result of {@link Subdivision.cut} when the face is not cut: it lies on the negative side. */
export const BELOW = -1;
/** Result of {@link Subdivision.cut} when the affine form vanishes on the whole face. */
export const ON_LINE = 0;
/** Result of {@link Subdivision.side} when the face has vertices strictly on both sides. */
export const CROSSES = 2;

/** Number of maximal runs of equal non-zero sign in the cyclic sign sequence sg[0..n) (zeros skipped). */
function signRuns(sg: Int8Array, n: number): number {
  let first = 0;
  let prev = 0;
  let runs = 0;
  for (let i = 0; i < n; i++) {
    const s = sg[i]!;
    if (s === 0) continue;
    if (first === 0) first = s;
    if (s !== prev) runs++;
    prev = s;
  }
  if (runs > 1 && prev === first) runs--;
  return runs;
}

/** The growing subdivision: vertex coordinates (u, v) and cut operations. */
export class Subdivision {
  /** Vertex u coordinates (first nv entries valid). */
  vu = new Float64Array(1024);
  /** Vertex v coordinates (first nv entries valid). */
  vv = new Float64Array(1024);
  /**
   * Vertex error radii: a bound (max-norm, in (u, v)) on how far each computed vertex may lie from the exact
   * one, given the uncertainty of the lines that made it. Corners are exact (0).
   */
  vr = new Float64Array(1024);
  /** The largest vertex error radius so far. */
  maxR = 0;
  /** The first of the two lines through each vertex (ids of the caller's line table). */
  vl0 = new Int32Array(1024);
  /** The second of the two lines through each vertex. */
  vl1 = new Int32Array(1024);
  /** Decides the signs the float64 filter leaves open (null: such vertices count as on the line). */
  oracle: LineOracle | null = null;
  /** When set, every vertex sign is decided by the oracle (after the filter's signs were inconsistent). */
  forceExact = false;
  private ex = new Int8Array(64);
  /** Number of vertices. */
  nv = 0;
  private zs = new Float64Array(64);
  private sg = new Int8Array(64);
  // The boundary walk of a cut (m entries) and the two parts' indices into it. Typed scratch, and an array
  // written by index, so that a cut allocates nothing but the new face (resetting an array's length to 0
  // would drop its backing store and make every push allocate again).
  private seq = new Int32Array(64);
  private seqSign = new Int8Array(64);
  private seqLine = new Int32Array(64);
  private readonly seqAdj: (Face | null)[] = [];
  private posIdx = new Int32Array(64);
  private negIdx = new Int32Array(64);
  private m = 0;

  /** Add a vertex on lines l0 and l1 with error radius r (see vr) and return its id. */
  addVertex(u: number, v: number, r: number, l0: number, l1: number): number {
    if (this.nv === this.vu.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      const growI = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.vu = grow(this.vu);
      this.vv = grow(this.vv);
      this.vr = grow(this.vr);
      this.vl0 = growI(this.vl0);
      this.vl1 = growI(this.vl1);
    }
    this.vu[this.nv] = u;
    this.vv[this.nv] = v;
    this.vr[this.nv] = r;
    this.vl0[this.nv] = l0;
    this.vl1[this.nv] = l1;
    if (r > this.maxR) this.maxR = r;
    return this.nv++;
  }

  /** The unit square as one face, with the arena offsets given (sides: lines 0..3, see the module comment). */
  square(pOff: number, zOff: number): Face {
    const verts = [
      this.addVertex(0, 0, 0, 0, 2),
      this.addVertex(1, 0, 0, 1, 2),
      this.addVertex(1, 1, 0, 1, 3),
      this.addVertex(0, 1, 0, 0, 3),
    ];
    return {
      verts,
      adj: [null, null, null, null],
      lines: [2, 1, 3, 0],
      zOff,
      pOff,
      umin: 0,
      umax: 1,
      vmin: 0,
      vmax: 1,
    };
  }

  /** Recompute the bounding box of `f`. */
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
   * Which side of au u + av v + c = 0 face `f` lies on: ABOVE, BELOW,
   * ON_LINE, CROSSES (vertices strictly on both sides), or NaN when the signs are inconsistent with a convex
   * face. The float64 filter certifies a vertex's sign when |value| > tol (the line's own uncertainty) +
   * (|au| + |av|) times the vertex's error radius; inside that band the oracle decides exactly (without one,
   * the vertex counts as on the line). Leaves the values and signs of the vertices in scratch buffers for
   * {@link cut}.
   */
  side(f: Face, au: number, av: number, c: number, tol: number): number {
    // Quick rejection with the bounding box.
    const uc = 0.5 * (f.umin + f.umax);
    const vc = 0.5 * (f.vmin + f.vmax);
    const zc = c + au * uc + av * vc;
    const g = Math.abs(au) + Math.abs(av);
    const r = Math.abs(au) * 0.5 * (f.umax - f.umin) + Math.abs(av) * 0.5 * (f.vmax - f.vmin);
    const band = tol + g * this.maxR;
    if (zc - r > band) return ABOVE;
    if (zc + r < -band) return BELOW;
    const vs = f.verts;
    const n = vs.length;
    if (this.zs.length < n) {
      this.zs = new Float64Array(2 * n);
      this.sg = new Int8Array(2 * n);
      this.ex = new Int8Array(2 * n);
    }
    const { zs, sg, ex, vu, vv, vr, oracle } = this;
    // With forceExact the band is infinite: every sign goes to the oracle.
    const wide = this.forceExact && oracle !== null ? Number.POSITIVE_INFINITY : 0;
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < n; i++) {
      const id = vs[i]!;
      const z = c + au * vu[id]! + av * vv[id]!;
      zs[i] = z;
      const bi = tol + g * vr[id]! + wide;
      let s = 0;
      ex[i] = 0;
      if (z > bi) s = 1;
      else if (z < -bi) s = -1;
      else if (oracle) {
        s = oracle.signAt(id);
        ex[i] = 1;
      }
      sg[i] = s;
      if (s > 0) pos++;
      else if (s < 0) neg++;
    }
    if (neg === 0) return pos > 0 ? ABOVE : ON_LINE;
    if (pos === 0) return BELOW;
    // A convex face crossed by a line has one run of each sign; more runs mean rounding noise, which the
    // caller resolves with a larger tolerance.
    return signRuns(sg, n) === 2 ? CROSSES : Number.NaN;
  }

  /**
   * Cut face `f` along au u + av v + c = 0; a vertex with |value| <= tol counts as on the line. Returns the
   * part on the negative side as a new face (f keeps the positive part; the new face copies f's arena offsets
   * zOff), or ABOVE / BELOW when the face lies on one closed side, ON_LINE when the form vanishes on the whole
   * face, NaN (nothing modified) when the signs are inconsistent with a convex face.
   */
  cut(f: Face, au: number, av: number, c: number, tol: number): Face | number {
    const side = this.side(f, au, av, c, tol);
    if (side !== CROSSES) return side;
    const vs = f.verts;
    const n = vs.length;
    const { zs, sg, ex, vu, vv, vr } = this;
    // At most 2n entries: every vertex and at most one crossing per edge.
    if (this.seq.length < 2 * n) this.growWalk(2 * n);
    const { seq, seqSign, seqAdj, seqLine } = this;
    const line = this.oracle ? this.oracle.lineId() : -1;
    let m = 0;
    // Walk the boundary, inserting the crossing points of edges with a strict sign change here and in the
    // face across the edge (whose edge b -> a becomes b -> p -> a).
    for (let i = 0; i < n; i++) {
      const a = vs[i]!;
      const j = i + 1 === n ? 0 : i + 1;
      const nb = f.adj[i] ?? null;
      const el = f.lines[i]!;
      seq[m] = a;
      seqSign[m] = sg[i]!;
      seqAdj[m] = nb;
      seqLine[m] = el;
      m++;
      if (sg[i]! * sg[j]! < 0) {
        const b = vs[j]!;
        const dz = zs[i]! - zs[j]!;
        // An end decided exactly may have a float value of either sign: keep the point on the edge.
        let t = zs[i]! / dz;
        if (!(t > 0)) t = 0;
        else if (t > 1) t = 1;
        const du = vu[b]! - vu[a]!;
        const dv = vv[b]! - vv[a]!;
        // The crossing point inherits its ends' uncertainty plus the line's, spread along the edge (all of
        // the edge when an end's sign was decided exactly: the exact crossing lies between the exact ends).
        const len = Math.max(Math.abs(du), Math.abs(dv));
        const spread = ex[i]! || ex[j]! ? len : Math.min(len, (tol * len) / Math.abs(dz));
        const r = Math.max(vr[a]!, vr[b]!) + spread;
        const p = this.addVertex(vu[a]! + t * du, vv[a]! + t * dv, r, el, line);
        if (nb) {
          const k = edgeIndex(nb, b, a) + 1;
          insertAt(nb.verts, k, p);
          insertAt(nb.adj, k, f);
          insertAt(nb.lines, k, el);
        }
        seq[m] = p;
        seqSign[m] = 0;
        seqAdj[m] = nb;
        seqLine[m] = el;
        m++;
      }
    }
    this.m = m;
    // Zeros adjacent to the positive run go to the positive part; zeros next to the negative run (or
    // inside it) to the negative part. Each part's chord joins its two ends.
    const { posIdx, negIdx } = this;
    let np = 0;
    let nn = 0;
    for (let i = 0; i < m; i++) {
      const s = seqSign[i]!;
      if (s > 0) posIdx[np++] = i;
      else if (s < 0) negIdx[nn++] = i;
      else {
        const prevNz = nearestSign(seqSign, m, i, -1);
        const nextNz = nearestSign(seqSign, m, i, 1);
        if (prevNz > 0 || nextNz > 0) posIdx[np++] = i;
        const adjNeg = seqSign[(i + m - 1) % m] === -1 || seqSign[(i + 1) % m] === -1;
        if ((prevNz < 0 && nextNz < 0) || adjNeg) negIdx[nn++] = i;
      }
    }
    const g: Face = {
      verts: [],
      adj: [],
      lines: [],
      zOff: f.zOff,
      pOff: f.pOff,
      umin: 0,
      umax: 0,
      vmin: 0,
      vmax: 0,
    };
    this.rebuild(f, posIdx, np, g, line);
    this.rebuild(g, negIdx, nn, f, line);
    // Neighbours of the negative part still point at f: point them at g.
    const gv = g.verts;
    for (let i = 0; i < gv.length; i++) {
      const nb = g.adj[i];
      if (nb && nb !== f) nb.adj[edgeIndex(nb, gv[(i + 1) % gv.length]!, gv[i]!)] = g;
    }
    this.bbox(f);
    this.bbox(g);
    return g;
  }

  /**
   * Set `face`'s boundary to the boundary-walk entries idx[0 .. count) (indices into seq, increasing): an
   * edge between entries consecutive in the walk keeps the old neighbour and line; the one that skips (the
   * chord) borders `other` and lies on `line`.
   */
  private rebuild(face: Face, idx: Int32Array, count: number, other: Face, line: number): void {
    const { seq, seqAdj, seqLine, m } = this;
    // The face's own arrays are overwritten in place (the walk in seq already holds everything they said)
    // and only then shortened, which keeps their backing stores.
    const verts = face.verts;
    const adj = face.adj;
    const lines = face.lines;
    for (let k = 0; k < count; k++) {
      const a = idx[k]!;
      const b = idx[k + 1 === count ? 0 : k + 1]!;
      verts[k] = seq[a]!;
      const kept = (a + 1) % m === b;
      adj[k] = kept ? seqAdj[a]! : other;
      lines[k] = kept ? seqLine[a]! : line;
    }
    if (verts.length > count) {
      verts.length = count;
      adj.length = count;
      lines.length = count;
    }
  }

  /** Make the boundary-walk scratch hold at least `size` entries. */
  private growWalk(size: number): void {
    this.seq = new Int32Array(size);
    this.seqSign = new Int8Array(size);
    this.seqLine = new Int32Array(size);
    this.posIdx = new Int32Array(size);
    this.negIdx = new Int32Array(size);
  }
}

/** Insert x at index k of `a` (elements from k on move up one), without splice's result array. */
function insertAt<T>(a: T[], k: number, x: T): void {
  let i = a.length;
  a.push(x);
  for (; i > k; i--) a[i] = a[i - 1]!;
  a[k] = x;
}

/** Index k of the edge a -> b in face `f` (f.verts[k] = a, f.verts[k + 1] = b). Throws if absent. */
function edgeIndex(f: Face, a: number, b: number): number {
  const vs = f.verts;
  const n = vs.length;
  for (let k = 0; k < n; k++) if (vs[k] === a && vs[k + 1 === n ? 0 : k + 1] === b) return k;
  throw new Error('subdivision: neighbouring face lost its shared edge');
}

/** The nearest non-zero sign among signs[0 .. m) from index i in direction dir (cyclic, i excluded); 0 if none. */
function nearestSign(signs: Int8Array, m: number, i: number, dir: 1 | -1): number {
  for (let k = 1; k < m; k++) {
    const s = signs[(i + dir * k + m * k) % m]!;
    if (s !== 0) return s;
  }
  return 0;
}
