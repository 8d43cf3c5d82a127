/**
 * The storage of a planar subdivision (subdivision.ts): vertices, and convex faces with their edges.
 *
 * Faces are indices into typed tables, and their edges runs of slots in shared typed arrays, so that a
 * million faces are a few flat buffers rather than millions of small objects for the garbage collector to
 * copy. A face's run has room to grow (its neighbours' cuts insert vertices into it); a run that is full
 * moves to the end of the slot arrays with twice the room (the old slots are left unused).
 */

/** A face: its index in the subdivision's face tables (0 .. nf). */
export type Face = number;
/** The neighbour across an edge on the square's boundary. */
export const NO_FACE = -1;
/** Free edge slots a new face gets beyond its own edges (its neighbours' later cuts insert vertices). */
export const SLACK = 3;

/** Vertices and faces of a subdivision, and the operations that keep them consistent. */
export class FaceStore {
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
  /** Number of vertices. */
  nv = 0;
  /** Number of faces. */
  nf = 0;
  /** Per face: its first edge slot, its number of edges, and the slots its run holds. */
  fStart = new Int32Array(256);
  fLen = new Int32Array(256);
  fCap = new Int32Array(256);
  /** Per face: the offsets of its affine maps and its activation pattern in the caller's arenas (regions.ts). */
  fZOff = new Int32Array(256);
  fPOff = new Int32Array(256);
  /** Per face: its bounding box in (u, v), four numbers umin, umax, vmin, vmax. */
  fBox = new Float64Array(1024);
  /**
   * Edge slots: edge k of face f is slot s = fStart[f] + k, from vertex eVert[s] to the next edge's vertex,
   * with the face eAdj[s] on its other side (NO_FACE on the boundary) and lying on the line eLine[s].
   */
  eVert = new Int32Array(1024);
  eAdj = new Int32Array(1024);
  eLine = new Int32Array(1024);
  /** Edge slots in use. */
  ne = 0;

  /**
   * Empty the store and give back the tables' memory, keeping the object (and so its hidden class, on which
   * the compiled code of the walk depends: see walk-stores.ts).
   */
  trim(): void {
    this.reset();
    this.vu = new Float64Array(1024);
    this.vv = new Float64Array(1024);
    this.vr = new Float64Array(1024);
    this.vl0 = new Int32Array(1024);
    this.vl1 = new Int32Array(1024);
    this.fStart = new Int32Array(256);
    this.fLen = new Int32Array(256);
    this.fCap = new Int32Array(256);
    this.fZOff = new Int32Array(256);
    this.fPOff = new Int32Array(256);
    this.fBox = new Float64Array(1024);
    this.eVert = new Int32Array(1024);
    this.eAdj = new Int32Array(1024);
    this.eLine = new Int32Array(1024);
  }

  /** Empty the store, keeping its tables (their memory is reused by the next subdivision). */
  reset(): void {
    this.nv = 0;
    this.nf = 0;
    this.ne = 0;
    this.maxR = 0;
  }

  /** Bytes the tables hold. */
  bytes(): number {
    const t = [this.vu, this.vv, this.vr, this.vl0, this.vl1, this.fStart, this.fLen, this.fCap];
    let b = this.fZOff.byteLength + this.fPOff.byteLength + this.fBox.byteLength;
    for (const a of t) b += a.byteLength;
    return b + this.eVert.byteLength + this.eAdj.byteLength + this.eLine.byteLength;
  }

  /** Add a vertex on lines l0 and l1 with error radius r (see vr) and return its id. */
  addVertex(u: number, v: number, r: number, l0: number, l1: number): number {
    if (this.nv === this.vu.length) {
      const n = 2 * this.nv;
      this.vu = grownF(this.vu, n);
      this.vv = grownF(this.vv, n);
      this.vr = grownF(this.vr, n);
      this.vl0 = grownI(this.vl0, n);
      this.vl1 = grownI(this.vl1, n);
    }
    this.vu[this.nv] = u;
    this.vv[this.nv] = v;
    this.vr[this.nv] = r;
    this.vl0[this.nv] = l0;
    this.vl1[this.nv] = l1;
    if (r > this.maxR) this.maxR = r;
    return this.nv++;
  }

  /** Reserve a run of `cap` edge slots; returns its first slot. */
  protected slots(cap: number): number {
    if (this.ne + cap > this.eVert.length) {
      let n = 2 * this.eVert.length;
      while (n < this.ne + cap) n *= 2;
      this.eVert = grownI(this.eVert, n);
      this.eAdj = grownI(this.eAdj, n);
      this.eLine = grownI(this.eLine, n);
    }
    const s = this.ne;
    this.ne += cap;
    return s;
  }

  /** A new face without edges yet, with room for `cap` of them and the arena offsets given. */
  protected newFace(cap: number, pOff: number, zOff: number): Face {
    const f = this.nf;
    if (f === this.fStart.length) {
      const n = 2 * f;
      this.fStart = grownI(this.fStart, n);
      this.fLen = grownI(this.fLen, n);
      this.fCap = grownI(this.fCap, n);
      this.fZOff = grownI(this.fZOff, n);
      this.fPOff = grownI(this.fPOff, n);
      this.fBox = grownF(this.fBox, 4 * n);
    }
    this.fStart[f] = this.slots(cap);
    this.fLen[f] = 0;
    this.fCap[f] = cap;
    this.fPOff[f] = pOff;
    this.fZOff[f] = zOff;
    this.nf++;
    return f;
  }

  /** Move face f's edges to a new run with room for `cap` (at least its edges). */
  protected relocate(f: Face, cap: number): void {
    const s = this.slots(cap);
    const o = this.fStart[f]!;
    const n = this.fLen[f]!;
    this.eVert.copyWithin(s, o, o + n);
    this.eAdj.copyWithin(s, o, o + n);
    this.eLine.copyWithin(s, o, o + n);
    this.fStart[f] = s;
    this.fCap[f] = cap;
  }

  /** The unit square as one face, with the arena offsets given (sides: lines 0..3, see the module comment). */
  square(pOff: number, zOff: number): Face {
    const f = this.newFace(4 + SLACK, pOff, zOff);
    const s = this.fStart[f]!;
    // Corners (0, 0), (1, 0), (1, 1), (0, 1), each on two sides; edges on v = 0, u = 1, v = 1, u = 0.
    const us = [0, 1, 1, 0];
    const lines = [2, 1, 3, 0];
    for (let k = 0; k < 4; k++) {
      const u = us[k]!;
      const v = k >= 2 ? 1 : 0;
      this.eVert[s + k] = this.addVertex(u, v, 0, u, 2 + v);
      this.eAdj[s + k] = NO_FACE;
      this.eLine[s + k] = lines[k]!;
    }
    this.fLen[f] = 4;
    this.bbox(f);
    return f;
  }

  /** Recompute the bounding box of `f`. */
  bbox(f: Face): void {
    let umin = Infinity;
    let umax = -Infinity;
    let vmin = Infinity;
    let vmax = -Infinity;
    const { eVert, vu, vv } = this;
    const s = this.fStart[f]!;
    const e = s + this.fLen[f]!;
    for (let k = s; k < e; k++) {
      const id = eVert[k]!;
      const u = vu[id]!;
      const v = vv[id]!;
      if (u < umin) umin = u;
      if (u > umax) umax = u;
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
    const b = this.fBox;
    b[4 * f] = umin;
    b[4 * f + 1] = umax;
    b[4 * f + 2] = vmin;
    b[4 * f + 3] = vmax;
  }

  /** Insert an edge slot (vertex, neighbour, line) at index k of face f's edges. */
  protected insertEdge(f: Face, k: number, vert: number, adj: Face, line: number): void {
    const n = this.fLen[f]!;
    if (n === this.fCap[f]!) this.relocate(f, 2 * n);
    const { eVert, eAdj, eLine } = this;
    const s = this.fStart[f]!;
    eVert.copyWithin(s + k + 1, s + k, s + n);
    eAdj.copyWithin(s + k + 1, s + k, s + n);
    eLine.copyWithin(s + k + 1, s + k, s + n);
    eVert[s + k] = vert;
    eAdj[s + k] = adj;
    eLine[s + k] = line;
    this.fLen[f] = n + 1;
  }

  /** Index k of the edge a -> b in face `f` (its vertex k is a and vertex k + 1 is b). Throws if absent. */
  edgeIndex(f: Face, a: number, b: number): number {
    const { eVert } = this;
    const s = this.fStart[f]!;
    const n = this.fLen[f]!;
    for (let k = 0; k < n; k++)
      if (eVert[s + k] === a && eVert[s + (k + 1 === n ? 0 : k + 1)] === b) return k;
    throw new Error('subdivision: neighbouring face lost its shared edge');
  }
}

/** A copy of `a` with length n (>= a's). */
function grownF(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** A copy of `a` with length n (>= a's). */
function grownI(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
