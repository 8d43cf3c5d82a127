/**
 * A planar subdivision of the unit square into convex faces with shared vertices, cut by lines.
 *
 * Every face lists its vertices counter-clockwise and, for each edge, the face on the other side (NO_FACE on
 * the square's boundary). Cutting a face inserts each crossing point into the neighbouring face too, so a
 * line that continues into the neighbour later reuses the very same vertex: V, E and F always describe one
 * planar graph. Used by regions.ts; knows nothing of networks.
 *
 * Every vertex also records the two lines it lies on, and every edge its supporting line (ids given by
 * the caller: 0..3 are the square's sides u = 0, u = 1, v = 0, v = 1), so that a sign the float64 filter
 * cannot certify can be decided exactly by a {@link LineOracle}.
 *
 * The storage of vertices and faces (typed tables, no object per face) is face-store.ts.
 */

import { type Face, FaceStore, NO_FACE as NO_FACE_, SLACK as SLACK_ } from './face-store.ts';

export { type Face, NO_FACE } from './face-store.ts';

// Local copies of imported bindings (a getter call each under CommonJS loaders; see face-walk.ts).
const NO_FACE = NO_FACE_;
const SLACK = SLACK_;

/** Exact decisions for the line being tested or cut (see exact-lines.ts). */
export interface LineOracle {
  /** The exact sign of the current line at vertex v, the crossing of the lines vl0[v] and vl1[v]. */
  signAt(v: number): number;
  /** The id of the current line (recorded when first asked). */
  lineId(): number;
}

/** Result of {@link Subdivision.cut} when the face is not cut: it lies on the positive side. */
export const ABOVE = 1;
/** Result of {@link Subdivision.cut} when the face is not cut: it lies on the negative side. */
export const BELOW = -1;
/** Result of {@link Subdivision.cut} when the affine form vanishes on the whole face. */
export const ON_LINE = 0;
/**
 * Result of {@link Subdivision.side} when the face has vertices strictly on both sides, and of
 * {@link Subdivision.cut} when it cut the face: the negative part is then the newest face, nf - 1.
 */
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

/** The growing subdivision: the cut operations on its faces. */
export class Subdivision extends FaceStore {
  /** Decides the signs the float64 filter leaves open (null: such vertices count as on the line). */
  oracle: LineOracle | null = null;
  /** When set, every vertex sign is decided by the oracle (after the filter's signs were inconsistent). */
  forceExact = false;
  private ex = new Int8Array(64);
  private zs = new Float64Array(64);
  private sg = new Int8Array(64);
  // The boundary walk of a cut (m entries) and the two parts' indices into it.
  private seq = new Int32Array(64);
  private seqSign = new Int8Array(64);
  private seqLine = new Int32Array(64);
  private seqAdj = new Int32Array(64);
  private posIdx = new Int32Array(64);
  private negIdx = new Int32Array(64);
  private m = 0;
  /**
   * The line of {@link sideOfLine} and {@link cutLine}: au, av, c, tol. Hot callers write it instead of
   * passing four numbers: a call that is not inlined boxes each float64 argument, an allocation per call.
   */
  readonly line = new Float64Array(4);

  /** Empty the subdivision, keeping its tables (see FaceStore.reset). */
  override reset(): void {
    super.reset();
    this.oracle = null;
    this.forceExact = false;
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
    this.putLine(au, av, c, tol);
    return this.sideOfLine(f);
  }

  /** this.line := (au, av, c, tol). */
  private putLine(au: number, av: number, c: number, tol: number): void {
    const L = this.line;
    L[0] = au;
    L[1] = av;
    L[2] = c;
    L[3] = tol;
  }

  /** {@link side} of the line in this.line (au, av, c, tol). */
  sideOfLine(f: Face): number {
    const L = this.line;
    const au = L[0]!;
    const av = L[1]!;
    const c = L[2]!;
    const tol = L[3]!;
    // Quick rejection with the bounding box.
    const b = this.fBox;
    const umin = b[4 * f]!;
    const umax = b[4 * f + 1]!;
    const vmin = b[4 * f + 2]!;
    const vmax = b[4 * f + 3]!;
    const zc = c + au * 0.5 * (umin + umax) + av * 0.5 * (vmin + vmax);
    const g = Math.abs(au) + Math.abs(av);
    const r = Math.abs(au) * 0.5 * (umax - umin) + Math.abs(av) * 0.5 * (vmax - vmin);
    const band = tol + g * this.maxR;
    if (zc - r > band) return ABOVE;
    if (zc + r < -band) return BELOW;
    const s0 = this.fStart[f]!;
    const n = this.fLen[f]!;
    if (this.zs.length < n) {
      this.zs = new Float64Array(2 * n);
      this.sg = new Int8Array(2 * n);
      this.ex = new Int8Array(2 * n);
    }
    const { zs, sg, ex, vu, vv, vr, oracle, eVert } = this;
    // With forceExact the band is infinite: every sign goes to the oracle.
    const wide = this.forceExact && oracle !== null ? Number.POSITIVE_INFINITY : 0;
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < n; i++) {
      const id = eVert[s0 + i]!;
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
   * Cut face `f` along au u + av v + c = 0; a vertex with |value| <= tol counts as on the line. Returns
   * CROSSES when it cut the face: f keeps the positive part and the negative part is the new face nf - 1
   * (with f's arena offsets); or ABOVE / BELOW when the face lies on one closed side, ON_LINE when the form
   * vanishes on the whole face, NaN (nothing modified) when the signs are inconsistent with a convex face.
   */
  cut(f: Face, au: number, av: number, c: number, tol: number): number {
    this.putLine(au, av, c, tol);
    return this.cutLine(f);
  }

  /** {@link cut} along the line in this.line (au, av, c, tol). */
  cutLine(f: Face): number {
    const side = this.sideOfLine(f);
    if (side !== CROSSES) return side;
    const tol = this.line[3]!;
    const n = this.fLen[f]!;
    // f's run does not move during the walk (only its neighbours' runs may), but the slot arrays may grow.
    const fs = this.fStart[f]!;
    const { zs, sg, ex } = this;
    // At most 2n entries: every vertex and at most one crossing per edge.
    if (this.seq.length < 2 * n) this.growWalk(2 * n);
    const { seq, seqSign, seqAdj, seqLine } = this;
    const line = this.oracle ? this.oracle.lineId() : -1;
    let m = 0;
    // Walk the boundary, inserting the crossing points of edges with a strict sign change here and in the
    // face across the edge (whose edge b -> a becomes b -> p -> a).
    for (let i = 0; i < n; i++) {
      const a = this.eVert[fs + i]!;
      const j = i + 1 === n ? 0 : i + 1;
      const nb = this.eAdj[fs + i]!;
      const el = this.eLine[fs + i]!;
      seq[m] = a;
      seqSign[m] = sg[i]!;
      seqAdj[m] = nb;
      seqLine[m] = el;
      m++;
      if (sg[i]! * sg[j]! < 0) {
        const { vu, vv, vr } = this;
        const b = this.eVert[fs + j]!;
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
        if (nb !== NO_FACE) this.insertEdge(nb, this.edgeIndex(nb, b, a) + 1, p, f, el);
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
    const g = this.newFace(nn + SLACK, this.fPOff[f]!, this.fZOff[f]!);
    this.rebuild(f, posIdx, np, g, line);
    this.rebuild(g, negIdx, nn, f, line);
    // Neighbours of the negative part still point at f: point them at g.
    const gs = this.fStart[g]!;
    for (let i = 0; i < nn; i++) {
      const nb = this.eAdj[gs + i]!;
      if (nb !== NO_FACE && nb !== f) {
        const k = this.edgeIndex(nb, this.eVert[gs + (i + 1 === nn ? 0 : i + 1)]!, this.eVert[gs + i]!);
        this.eAdj[this.fStart[nb]! + k] = g;
      }
    }
    this.bbox(f);
    this.bbox(g);
    return CROSSES;
  }

  /**
   * Set `face`'s edges to the boundary-walk entries idx[0 .. count) (indices into seq, increasing): an edge
   * between entries consecutive in the walk keeps the old neighbour and line; the one that skips (the chord)
   * borders `other` and lies on `line`.
   */
  private rebuild(face: Face, idx: Int32Array, count: number, other: Face, line: number): void {
    const { seq, seqAdj, seqLine, m } = this;
    // The walk in seq already holds everything the face's edges said: they are overwritten in place.
    if (count > this.fCap[face]!) {
      this.fStart[face] = this.slots(count + SLACK);
      this.fCap[face] = count + SLACK;
    }
    const { eVert, eAdj, eLine } = this;
    const s = this.fStart[face]!;
    for (let k = 0; k < count; k++) {
      const a = idx[k]!;
      const b = idx[k + 1 === count ? 0 : k + 1]!;
      eVert[s + k] = seq[a]!;
      const kept = (a + 1) % m === b;
      eAdj[s + k] = kept ? seqAdj[a]! : other;
      eLine[s + k] = kept ? seqLine[a]! : line;
    }
    this.fLen[face] = count;
  }

  /** Make the boundary-walk scratch hold at least `size` entries. */
  private growWalk(size: number): void {
    this.seq = new Int32Array(size);
    this.seqSign = new Int8Array(size);
    this.seqLine = new Int32Array(size);
    this.seqAdj = new Int32Array(size);
    this.posIdx = new Int32Array(size);
    this.negIdx = new Int32Array(size);
  }
}

/** The nearest non-zero sign among signs[0 .. m) from index i in direction dir (cyclic, i excluded); 0 if none. */
function nearestSign(signs: Int8Array, m: number, i: number, dir: 1 | -1): number {
  for (let k = 1; k < m; k++) {
    const s = signs[(i + dir * k + m * k) % m]!;
    if (s !== 0) return s;
  }
  return 0;
}
