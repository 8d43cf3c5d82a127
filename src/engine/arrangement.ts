/**
 * The planar graph of a line arrangement clipped to a window, exactly: the vertices (every point where two
 * or more lines, or a line and a window side, meet in the closed window), the edges between consecutive
 * vertices along each line and side, and at every vertex its outgoing half-edges in counter-clockwise order.
 * Used by the one-hidden-layer fast path of the region enumeration (arrangement-regions.ts).
 *
 * Lines are float64 triples (a, b, c) of a s + b t + c, taken exactly. Every decision is a sign: a float64
 * filter with an error bound first, then robust-predicates' adaptive orient2d / orient3d, exact on float64
 * inputs (the caller keeps every coefficient at 0 or between 1e-90 and 1e90, so that products of three
 * neither overflow nor underflow). The sign of line k at the crossing of lines i and j is
 * sign(det [Li; Lj; Lk]) sign(det [Li; Lj]) (exact-lines.ts). Concurrent lines meet in one vertex: along
 * each line the crossings are sorted by a float key, and where neighbouring keys' error intervals overlap
 * they are ordered, and ties found, exactly; a vertex met on several lines is identified through the crossing
 * records it shares with them.
 */
import { orient2d, orient3d } from 'robust-predicates';
import { Records } from './arrangement-records.ts';

const EPS = Number.EPSILON;

/** The clipped arrangement's graph; lines 0..m-1 are the caller's, m..m+3 the sides (bottom, right, top, left). */
export interface ArrangementGraph {
  /** Line coefficients (m + 4 lines), the sides oriented so that the window is where they are >= 0. */
  A: Float64Array;
  B: Float64Array;
  C: Float64Array;
  /** Number of caller lines (the sides follow). */
  m: number;
  /** Vertex coordinates. */
  vx: Float64Array;
  vy: Float64Array;
  /** Number of vertices. */
  nv: number;
  /** Half-edges: 2k and 2k + 1 are twins; origin vertex, line, and whether it runs along the line's direction. */
  heOrigin: Int32Array;
  heLine: Int32Array;
  heForward: Uint8Array;
  /** Number of half-edges (twice the edges). */
  nh: number;
  /** Counter-clockwise rotation of outgoing half-edges: vertex v owns rot[rotStart[v] .. rotStart[v + 1]). */
  rot: Int32Array;
  rotStart: Int32Array;
  /** Position of each half-edge in its origin's rotation. */
  rotPos: Int32Array;
  /** Exact decisions taken where the float64 filter could not certify a sign. */
  exactDecisions: number;
}

/** True when a line's left side (looking along its direction) is where it is positive. */
export function leftPositive(a: number, b: number): boolean {
  return Math.abs(b) >= Math.abs(a) ? b > 0 : a < 0;
}

/**
 * Build the graph of `m` lines (coefficients in A, B, C, length m + 4, the last four filled here with the
 * sides) clipped to [x0, x1] x [y0, y1]. Every line must cross the open window (the caller clips), no two
 * may be the same line, and none may be (0, 0, c). `corner` holds each line's exact sign at the corners
 * (x0, y0), (x1, y0), (x1, y1), (x0, y1), 4 per line. Returns null when `shouldStop` asks to stop.
 */
export function buildArrangement(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  corner: Int8Array,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  shouldStop?: () => boolean,
): ArrangementGraph | null {
  const nL = m + 4;
  // Sides: bottom t - y0, right x1 - s, top y1 - t, left s - x0 (all >= 0 inside).
  const sides = [
    [0, 1, -y0],
    [-1, 0, x1],
    [0, -1, y1],
    [1, 0, -x0],
  ];
  for (let k = 0; k < 4; k++) {
    A[m + k] = sides[k]![0]!;
    B[m + k] = sides[k]![1]!;
    C[m + k] = sides[k]![2]!;
  }
  let exactDecisions = 0;
  // sign(det [Li; Lj]) = a_i b_j - a_j b_i.
  const det2Sign = (i: number, j: number): number => {
    const p = A[i]! * B[j]!;
    const q = A[j]! * B[i]!;
    const d = p - q;
    if (Math.abs(d) > 4 * EPS * (Math.abs(p) + Math.abs(q))) return d > 0 ? 1 : -1;
    exactDecisions++;
    return -Math.sign(orient2d(A[i]!, B[i]!, A[j]!, B[j]!, 0, 0));
  };
  // The exact sign of line k at the crossing of lines i and j (not parallel).
  const signAt = (i: number, j: number, k: number): number => {
    exactDecisions++;
    const n = orient3d(A[i]!, B[i]!, C[i]!, A[j]!, B[j]!, C[j]!, A[k]!, B[k]!, C[k]!, 0, 0, 0);
    return Math.sign(n) * -Math.sign(orient2d(A[i]!, B[i]!, A[j]!, B[j]!, 0, 0));
  };
  // Along line i (its direction: increasing s when |b| >= |a|, else increasing t): the order of its
  // crossings with lines j and k.
  const sKeyed = new Uint8Array(nL);
  for (let i = 0; i < nL; i++) sKeyed[i] = Math.abs(B[i]!) >= Math.abs(A[i]!) ? 1 : 0;
  const cmpAlong = (i: number, j: number, k: number): number => {
    const s = signAt(i, j, k);
    if (s === 0) return 0;
    const d = det2Sign(i, k);
    const inc = sKeyed[i] ? -d * Math.sign(B[i]!) : d * Math.sign(A[i]!);
    return s * inc;
  };

  // Room for every pair (most cross inside a window that holds the arrangement), up to 4 million records.
  const rec = new Records(Math.min(4 << 20, (m * (m - 1)) / 2 + 4 * m + 8));
  // Crossings of two caller lines inside the closed window.
  for (let i = 0; i < m; i++) {
    if (shouldStop && (i & 15) === 0 && shouldStop()) return null;
    const ai = A[i]!;
    const bi = B[i]!;
    const ci = C[i]!;
    for (let j = i + 1; j < m; j++) {
      const aj = A[j]!;
      const bj = B[j]!;
      const cj = C[j]!;
      const p = ai * bj;
      const q = aj * bi;
      const d = p - q;
      const sd = Math.abs(p) + Math.abs(q);
      if (Math.abs(d) <= 8 * EPS * sd) {
        // Nearly parallel: exactly parallel lines never meet; others are placed by exact tests alone.
        if (det2Sign(i, j) === 0) continue;
      }
      const nx1 = bi * cj;
      const nx2 = bj * ci;
      const ny1 = aj * ci;
      const ny2 = ai * cj;
      const x = (nx1 - nx2) / d;
      const y = (ny1 - ny2) / d;
      const ad = Math.abs(d);
      let ex: number;
      let ey: number;
      if (ad > 8 * EPS * sd) {
        ex = (8 * EPS * (Math.abs(nx1) + Math.abs(nx2) + Math.abs(x) * sd)) / ad + 2 * EPS * Math.abs(x);
        ey = (8 * EPS * (Math.abs(ny1) + Math.abs(ny2) + Math.abs(y) * sd)) / ad + 2 * EPS * Math.abs(y);
        if (!(ex < Number.POSITIVE_INFINITY && ey < Number.POSITIVE_INFINITY)) {
          ex = Number.POSITIVE_INFINITY;
          ey = Number.POSITIVE_INFINITY;
        }
      } else {
        ex = Number.POSITIVE_INFINITY;
        ey = Number.POSITIVE_INFINITY;
      }
      if (x + ex < x0 || x - ex > x1 || y + ey < y0 || y - ey > y1) continue;
      if (!(x - ex > x0 && x + ex < x1 && y - ey > y0 && y + ey < y1)) {
        // Near (or on) the boundary: inside when every side is >= 0 there, exactly.
        let inside = true;
        for (let k = 0; k < 4 && inside; k++) if (signAt(i, j, m + k) < 0) inside = false;
        if (!inside) continue;
      }
      rec.push(i, j, x, y, ex, ey);
    }
  }
  // Crossings of caller lines with the sides (from the corner signs), and the corners.
  const cx = [x0, x1, x1, x0];
  const cy = [y0, y0, y1, y1];
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < 4; k++) {
      const sp = corner[4 * i + k]!;
      const sq = corner[4 * i + ((k + 1) & 3)]!;
      if (sp * sq > 0 || (sp === 0 && sq === 0)) continue;
      if (sp === 0) rec.push(i, m + k, cx[k]!, cy[k]!, 0, 0);
      else if (sq === 0) rec.push(i, m + k, cx[(k + 1) & 3]!, cy[(k + 1) & 3]!, 0, 0);
      else if ((k & 1) === 0) {
        // Bottom or top: t is the side's, s = -(b t + c) / a.
        const t = k === 0 ? y0 : y1;
        const u1 = B[i]! * t;
        const x = -(u1 + C[i]!) / A[i]!;
        const ex = (4 * EPS * (Math.abs(u1) + Math.abs(C[i]!))) / Math.abs(A[i]!) + 2 * EPS * Math.abs(x);
        rec.push(i, m + k, Math.min(x1, Math.max(x0, x)), t, ex, 0);
      } else {
        const s = k === 1 ? x1 : x0;
        const u1 = A[i]! * s;
        const y = -(u1 + C[i]!) / B[i]!;
        const ey = (4 * EPS * (Math.abs(u1) + Math.abs(C[i]!))) / Math.abs(B[i]!) + 2 * EPS * Math.abs(y);
        rec.push(i, m + k, s, Math.min(y1, Math.max(y0, y)), 0, ey);
      }
    }
  }
  for (let k = 0; k < 4; k++) rec.push(m + k, m + ((k + 1) & 3), cx[(k + 1) & 3]!, cy[(k + 1) & 3]!, 0, 0);

  // Each line's records (CSR), sorted along the line.
  const nr = rec.n;
  const start = new Int32Array(nL + 1);
  for (let r = 0; r < nr; r++) {
    start[rec.a[r]! + 1]!++;
    start[rec.b[r]! + 1]!++;
  }
  for (let i = 0; i < nL; i++) start[i + 1]! += start[i]!;
  const list = new Int32Array(2 * nr);
  const fill = start.slice(0, nL);
  for (let r = 0; r < nr; r++) {
    list[fill[rec.a[r]!]!++] = r;
    list[fill[rec.b[r]!]!++] = r;
  }
  const vertexOf = new Int32Array(nr).fill(-1);
  let nv = 0;
  let vx = new Float64Array(nr + 4);
  let vy = new Float64Array(nr + 4);
  // Per line, its distinct vertices in order (at most its records).
  const lineVerts = new Int32Array(2 * nr);
  const lineVertCount = new Int32Array(nL);
  const other = (r: number, i: number) => (rec.a[r] === i ? rec.b[r]! : rec.a[r]!);
  const rx = rec.x;
  const ry = rec.y;
  // Error intervals [lo, hi] of each record's s and t (unbounded where the float64 values are unusable).
  const lox = new Float64Array(nr);
  const hix = new Float64Array(nr);
  const loy = new Float64Array(nr);
  const hiy = new Float64Array(nr);
  for (let r = 0; r < nr; r++) {
    const x = rx[r]!;
    const y = ry[r]!;
    const ex = rec.ex[r]!;
    const ey = rec.ey[r]!;
    const ok =
      Number.isFinite(x) &&
      Number.isFinite(y) &&
      ex < Number.POSITIVE_INFINITY &&
      ey < Number.POSITIVE_INFINITY;
    lox[r] = ok ? x - ex : Number.NEGATIVE_INFINITY;
    hix[r] = ok ? x + ex : Number.POSITIVE_INFINITY;
    loy[r] = ok ? y - ey : Number.NEGATIVE_INFINITY;
    hiy[r] = ok ? y + ey : Number.POSITIVE_INFINITY;
    if (!ok) {
      rx[r] = 0.5 * x0 + 0.5 * x1;
      ry[r] = 0.5 * y0 + 0.5 * y1;
    }
  }
  for (let i = 0; i < nL; i++) {
    const s0 = start[i]!;
    const s1 = start[i + 1]!;
    const seg = list.subarray(s0, s1);
    const lo = sKeyed[i] ? lox : loy;
    const hiOf = sKeyed[i] ? hix : hiy;
    // Sorted by the intervals' lower ends, the runs of overlapping intervals are found in one scan: every
    // interval of a run ends before any later one begins, so only inside a run can the float order be wrong.
    seg.sort((p, q) => (lo[p]! < lo[q]! ? -1 : lo[p]! > lo[q]! ? 1 : 0));
    let r0 = 0;
    let nOut = 0;
    const base = s0;
    while (r0 < seg.length) {
      let hi = hiOf[seg[r0]!]!;
      let r1 = r0 + 1;
      while (r1 < seg.length && lo[seg[r1]!]! <= hi) {
        hi = Math.max(hi, hiOf[seg[r1]!]!);
        r1++;
      }
      if (r1 - r0 > 1) {
        for (let u = r0 + 1; u < r1; u++) {
          const p = seg[u]!;
          const op = other(p, i);
          let w = u - 1;
          while (w >= r0 && cmpAlong(i, other(seg[w]!, i), op) > 0) {
            seg[w + 1] = seg[w]!;
            w--;
          }
          seg[w + 1] = p;
        }
      }
      // Groups of equal points (only inside a run can two records coincide).
      let g0 = r0;
      while (g0 < r1) {
        let g1 = g0 + 1;
        while (g1 < r1 && cmpAlong(i, other(seg[g0]!, i), other(seg[g1]!, i)) === 0) g1++;
        let v = -1;
        let exactPoint = -1;
        for (let u = g0; u < g1; u++) {
          const r = seg[u]!;
          if (vertexOf[r]! >= 0) v = vertexOf[r]!;
          if (rec.b[r]! >= m) exactPoint = r;
        }
        if (v < 0) {
          v = nv++;
          if (v >= vx.length) {
            const nx = new Float64Array(2 * vx.length);
            nx.set(vx);
            vx = nx;
            const ny = new Float64Array(2 * vy.length);
            ny.set(vy);
            vy = ny;
          }
          const r = exactPoint >= 0 ? exactPoint : seg[g0]!;
          vx[v] = Math.min(x1, Math.max(x0, rx[r]!));
          vy[v] = Math.min(y1, Math.max(y0, ry[r]!));
        }
        for (let u = g0; u < g1; u++) vertexOf[seg[u]!] = v;
        lineVerts[base + nOut++] = v;
        g0 = g1;
      }
      r0 = r1;
    }
    lineVertCount[i] = nOut;
  }

  // Half-edges along every line between consecutive vertices.
  let nh = 0;
  for (let i = 0; i < nL; i++) nh += 2 * Math.max(0, lineVertCount[i]! - 1);
  const heOrigin = new Int32Array(nh);
  const heLine = new Int32Array(nh);
  const heForward = new Uint8Array(nh);
  const deg = new Int32Array(nv + 1);
  let h = 0;
  for (let i = 0; i < nL; i++) {
    const base = start[i]!;
    for (let u = 0; u + 1 < lineVertCount[i]!; u++) {
      const p = lineVerts[base + u]!;
      const q = lineVerts[base + u + 1]!;
      heOrigin[h] = p;
      heLine[h] = i;
      heForward[h] = 1;
      heOrigin[h + 1] = q;
      heLine[h + 1] = i;
      heForward[h + 1] = 0;
      deg[p + 1]!++;
      deg[q + 1]!++;
      h += 2;
    }
  }
  for (let v = 0; v < nv; v++) deg[v + 1]! += deg[v]!;
  const rotStart = deg;
  const rot = new Int32Array(nh);
  const pos = rotStart.slice(0, nv);
  for (let e = 0; e < nh; e++) rot[pos[heOrigin[e]!]!++] = e;
  // Counter-clockwise order: every line's direction lies in [-pi/4, 3pi/4), so the forward half-edges come
  // first, by the angle of their line, then the backward ones in the same order.
  const angleKey = new Float64Array(nL);
  for (let i = 0; i < nL; i++) angleKey[i] = sKeyed[i] ? -A[i]! / B[i]! : 2 + B[i]! / A[i]!;
  const lineBefore = (i: number, j: number): number => {
    if (sKeyed[i] !== sKeyed[j]) return sKeyed[i] ? -1 : 1;
    const d = angleKey[i]! - angleKey[j]!;
    if (Math.abs(d) > 1e-9 * (Math.abs(angleKey[i]!) + Math.abs(angleKey[j]!)) + 1e-300)
      return d < 0 ? -1 : 1;
    const s = -det2Sign(i, j);
    return sKeyed[i] ? s * Math.sign(B[i]! * B[j]!) : s * Math.sign(A[i]! * A[j]!);
  };
  const heBefore = (e: number, f: number): boolean => {
    if (heForward[e] !== heForward[f]) return heForward[e] === 1;
    return lineBefore(heLine[e]!, heLine[f]!) < 0;
  };
  const rotPos = new Int32Array(nh);
  for (let v = 0; v < nv; v++) {
    const a0 = rotStart[v]!;
    const a1 = rotStart[v + 1]!;
    for (let u = a0 + 1; u < a1; u++) {
      const e = rot[u]!;
      let w = u - 1;
      while (w >= a0 && heBefore(e, rot[w]!)) {
        rot[w + 1] = rot[w]!;
        w--;
      }
      rot[w + 1] = e;
    }
    for (let u = a0; u < a1; u++) rotPos[rot[u]!] = u - a0;
  }
  return {
    A,
    B,
    C,
    m,
    vx: vx.subarray(0, nv),
    vy: vy.subarray(0, nv),
    nv,
    heOrigin,
    heLine,
    heForward,
    nh,
    rot,
    rotStart,
    rotPos,
    exactDecisions,
  };
}
