/**
 * Invariants every enumeration must satisfy, checked against independent truths: Euler's relation, the
 * window's area, the forward pass (pattern at the centroid, output at random interior points), convexity,
 * and dense-grid sampling. Used by every enumeration test.
 */
import { expect } from 'vitest';
import { pieceOf, stateOf, thresholds } from '../../../src/engine/activations.ts';
import { createWorkspace, evaluatePoint, forwardInto, patternHash } from '../../../src/engine/forward.ts';
import type { Network } from '../../../src/engine/model.ts';
import { type PlaneMap, planeMap, pointAt, type Window } from '../../../src/engine/plane.ts';
import type { Enumeration, Region } from '../../../src/engine/regions.ts';
import { Rng } from '../../../src/engine/rng.ts';

/** The plane map of a window (identity for 2-D inputs); throws on a bad plane (a bug in the test). */
export function mapOf(net: Network, window: Window): PlaneMap {
  const m = planeMap(net.inputDim, window.plane);
  if (typeof m === 'string') throw new Error(m);
  return m;
}

/**
 * The network's scale at input x: the output magnitude with every weight, bias and input replaced by its
 * absolute value and every neuron on. Rounding errors of any float64 evaluation of f at x are a small
 * multiple of eps times this, whatever the region; "1e-9 relative" means relative to it.
 */
export function magnitudeAt(net: Network, x: ArrayLike<number>): number {
  let cur = Array.from(x, Math.abs);
  for (const L of net.layers) {
    const next: number[] = [];
    for (let j = 0; j < L.outDim; j++) {
      let m = Math.abs(L.bias[j]!);
      for (let i = 0; i < L.inDim; i++) m += Math.abs(L.weights[j * L.inDim + i]!) * cur[i]!;
      next.push(L.activation === 'hardtanh' ? Math.max(m, 1) : m);
    }
    cur = next;
  }
  return Math.max(...cur);
}

/**
 * Check `pattern` against the pre-activations at x computed through the pattern's own pieces: returns the
 * pattern unchanged when every neuron's state agrees with its pre-activation, or the pre-activation lies
 * within 1e-12 (relative to the magnitude of its terms) of a threshold; otherwise the pattern with the
 * first disagreeing state replaced by the forward pass's.
 */
export function tieExplains(net: Network, x: ArrayLike<number>, pattern: ArrayLike<number>): string {
  const states = Array.from(pattern);
  let h = Array.from(x);
  let m = Array.from(x, Math.abs);
  let off = 0;
  const piece = new Float64Array(2);
  for (const L of net.layers) {
    const nh: number[] = [];
    const nm: number[] = [];
    for (let j = 0; j < L.outDim; j++) {
      let z = L.bias[j]!;
      let mag = Math.abs(z);
      for (let i = 0; i < L.inDim; i++) {
        z += L.weights[j * L.inDim + i]! * h[i]!;
        mag += Math.abs(L.weights[j * L.inDim + i]!) * m[i]!;
      }
      const s = states[off + j]!;
      if (stateOf(L.activation, z) !== s) {
        const tie = thresholds(L.activation).some((t) => Math.abs(z - t) <= 1e-12 * (mag + Math.abs(t)));
        if (!tie) {
          states[off + j] = stateOf(L.activation, z);
          return states.join('');
        }
      }
      pieceOf(L.activation, s, L.alpha[j]!, piece);
      nh.push(piece[0]! * z + piece[1]!);
      nm.push(Math.abs(piece[0]!) * mag + Math.abs(piece[1]!));
    }
    off += L.outDim;
    h = nh;
    m = nm;
  }
  return states.join('');
}

/** Twice the signed area of a flat polygon [s0, t0, s1, t1, ...] (relative to its first vertex, for accuracy). */
export function polygonTwiceArea(p: Float64Array): number {
  let a = 0;
  const n = p.length / 2;
  const s0 = p[0]!;
  const t0 = p[1]!;
  for (let i = 1; i + 1 < n; i++) {
    const j = i + 1;
    a += (p[2 * i]! - s0) * (p[2 * j + 1]! - t0) - (p[2 * j]! - s0) * (p[2 * i + 1]! - t0);
  }
  return a;
}

/**
 * How far a polygon's area can be off only because its vertices are float64 numbers: each coordinate is
 * rounded by up to eps * C (C the largest absolute coordinate of the window), which moves the area by at most
 * that times the perimeter; 16 covers the arithmetic. Far from the origin on a tiny window this dominates.
 */
export function areaSlack(p: Float64Array, window: Window): number {
  const C = Math.max(Math.abs(window.x0), Math.abs(window.x1), Math.abs(window.y0), Math.abs(window.y1));
  let perimeter = 0;
  const n = p.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    perimeter += Math.hypot(p[2 * j]! - p[2 * i]!, p[2 * j + 1]! - p[2 * i + 1]!);
  }
  return 16 * Number.EPSILON * C * perimeter;
}

/**
 * The radius of the largest circle inside a convex polygon (counter-clockwise), by brute force over
 * triples of edges (the Chebyshev centre is a vertex of a 3-variable linear programme).
 */
export function inradius(p: Float64Array): number {
  const n = p.length / 2;
  const edges: Array<[number, number, number]> = []; // inward unit normal (nx, ny) and offset: nx s + ny t >= d
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const dx = p[2 * j]! - p[2 * i]!;
    const dy = p[2 * j + 1]! - p[2 * i + 1]!;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const nx = -dy / len;
    const ny = dx / len;
    edges.push([nx, ny, nx * p[2 * i]! + ny * p[2 * i + 1]!]);
  }
  let best = 0;
  const m = edges.length;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      for (let c = b + 1; c < m; c++) {
        // Solve n_k . x - r = d_k for k = a, b, c.
        const rows = [edges[a]!, edges[b]!, edges[c]!];
        const det3 = (M: number[][]) =>
          M[0]![0]! * (M[1]![1]! * M[2]![2]! - M[1]![2]! * M[2]![1]!) -
          M[0]![1]! * (M[1]![0]! * M[2]![2]! - M[1]![2]! * M[2]![0]!) +
          M[0]![2]! * (M[1]![0]! * M[2]![1]! - M[1]![1]! * M[2]![0]!);
        const A = rows.map((e) => [e[0], e[1], -1]);
        const D = det3(A);
        if (Math.abs(D) < 1e-14) continue;
        const col = (k: number) => A.map((row, i) => row.map((v, j) => (j === k ? rows[i]![2] : v)));
        const x = det3(col(0)) / D;
        const y = det3(col(1)) / D;
        const r = det3(col(2)) / D;
        if (!(r > best)) continue;
        const scale = Math.max(1, Math.abs(x), Math.abs(y));
        if (edges.every((e) => e[0] * x + e[1] * y - e[2] >= r - 1e-9 * scale)) best = r;
      }
    }
  }
  return best;
}

/** Options of {@link checkEnumeration}. */
export interface CheckOptions {
  /** Random interior points per region where the affine map is compared with the forward pass (default 3). */
  pointsPerRegion?: number;
  /** Seed of those points. */
  seed?: number;
}

/**
 * Check an enumeration: complete; V - E + F = 1; positive, counter-clockwise, convex polygons whose
 * shoelace area is the region's area; areas summing to the window's; distinct patterns; the pattern at
 * each centroid equal to the region's (evaluatePoint); the region's affine map equal to the forward pass
 * at random interior points to 1e-9 relative.
 */
export function checkEnumeration(
  net: Network,
  window: Window,
  e: Enumeration,
  opts: CheckOptions = {},
): void {
  const map = mapOf(net, window);
  const F = e.regions.length;
  expect(e.complete).toBe(true);
  expect(e.vertices - e.edges + F, `Euler: V ${e.vertices} - E ${e.edges} + F ${F}`).toBe(1);
  const windowArea = (window.x1 - window.x0) * (window.y1 - window.y0);
  let sum = 0;
  let slack = 0;
  const seen = new Set<bigint>();
  const rng = new Rng(opts.seed ?? 1);
  const ws = createWorkspace(net);
  const x = new Float64Array(net.inputDim);
  for (const r of e.regions) {
    sum += r.area;
    const rs = areaSlack(r.polygon, window);
    slack += rs;
    checkPolygon(r, windowArea, rs);
    const h = patternHash(r.pattern);
    expect(seen.has(h), 'two regions share a pattern').toBe(false);
    seen.add(h);
    pointAt(map, r.centroid[0], r.centroid[1], x);
    const at = evaluatePoint(net, x);
    const want = Array.from(r.pattern).join('');
    const got = Array.from(at.pattern).join('');
    // A neuron whose pre-activation is identically at a threshold on the region (possible with degenerate
    // weights) gets its state from rounding noise in a float64 forward pass; only those may differ.
    if (got !== want)
      expect(tieExplains(net, x, r.pattern), `pattern at centroid ${r.centroid}: ${got}`).toBe(want);
    const n = r.polygon.length / 2;
    for (let k = 0; k < (opts.pointsPerRegion ?? 3); k++) {
      // A random convex combination of the vertices, pulled towards the centroid: strictly inside.
      let ws2 = 0;
      let s = 0;
      let t = 0;
      for (let i = 0; i < n; i++) {
        const w = rng.next() + 1e-3;
        ws2 += w;
        s += w * r.polygon[2 * i]!;
        t += w * r.polygon[2 * i + 1]!;
      }
      const lam = 0.1 + 0.8 * rng.next();
      s = r.centroid[0] + lam * (s / ws2 - r.centroid[0]);
      t = r.centroid[1] + lam * (t / ws2 - r.centroid[1]);
      forwardInto(net, pointAt(map, s, t, x), ws);
      for (let o = 0; o < r.offset.length; o++) {
        const a = r.jacobian[2 * o]! * s;
        const b = r.jacobian[2 * o + 1]! * t;
        const f = a + b + r.offset[o]!;
        const tol = 1e-9 * (Math.abs(a) + Math.abs(b) + Math.abs(r.offset[o]!) + magnitudeAt(net, x));
        expect(Math.abs(f - ws.output[o]!), `affine map of output ${o} at (${s}, ${t})`).toBeLessThanOrEqual(
          tol,
        );
      }
    }
  }
  expect(Math.abs(sum - windowArea), `areas sum ${sum}, window ${windowArea}`).toBeLessThanOrEqual(
    1e-11 * windowArea + slack,
  );
  expect(Math.abs(e.area - windowArea)).toBeLessThanOrEqual(1e-11 * windowArea + slack);
}

function checkPolygon(r: Region, windowArea: number, slack: number): void {
  const p = r.polygon;
  const n = p.length / 2;
  expect(n).toBeGreaterThanOrEqual(3);
  const a2 = polygonTwiceArea(p);
  expect(a2, 'polygon area positive (counter-clockwise)').toBeGreaterThan(0);
  expect(Math.abs(a2 / 2 - r.area)).toBeLessThanOrEqual(1e-9 * r.area + 1e-14 * windowArea + slack);
  let scale = 0;
  for (let i = 0; i < p.length; i++) scale = Math.max(scale, Math.abs(p[i]!));
  for (let i = 0; i < n; i++) {
    const a = i;
    const b = (i + 1) % n;
    const c = (i + 2) % n;
    const cross =
      (p[2 * b]! - p[2 * a]!) * (p[2 * c + 1]! - p[2 * a + 1]!) -
      (p[2 * b + 1]! - p[2 * a + 1]!) * (p[2 * c]! - p[2 * a]!);
    expect(cross, 'convex (no right turn)').toBeGreaterThanOrEqual(
      -1e-12 * Math.max(scale * scale, windowArea),
    );
  }
}

/**
 * Sample the network on an n x n grid (centres shifted by irrational-looking offsets so that they avoid
 * lines with small rational coefficients): every sampled pattern must be a region's, the number of
 * sampled patterns must not exceed the exact count, and every region whose inscribed circle is wider than
 * two grid steps must be sampled. Returns how many regions were wide enough to be checked.
 */
export function checkGridSampling(net: Network, window: Window, e: Enumeration, n: number): number {
  const map = mapOf(net, window);
  const hs = (window.x1 - window.x0) / n;
  const ht = (window.y1 - window.y0) / n;
  const ws = createWorkspace(net);
  const x = new Float64Array(net.inputDim);
  const sampled = new Set<bigint>();
  for (let j = 0; j < n; j++) {
    const t = window.y0 + (j + 0.4876543219) * ht;
    for (let i = 0; i < n; i++) {
      const s = window.x0 + (i + 0.5123456789) * hs;
      forwardInto(net, pointAt(map, s, t, x), ws);
      sampled.add(patternHash(ws.pattern));
    }
  }
  const exact = new Set(e.regions.map((r) => patternHash(r.pattern)));
  expect(sampled.size).toBeLessThanOrEqual(exact.size);
  for (const h of sampled) expect(exact.has(h), 'a sampled pattern is no region').toBe(true);
  let wide = 0;
  const step = Math.max(hs, ht);
  for (const r of e.regions) {
    if (2 * inradius(r.polygon) > 2 * step) {
      wide++;
      expect(
        sampled.has(patternHash(r.pattern)),
        `region with inradius ${inradius(r.polygon)} not sampled`,
      ).toBe(true);
    }
  }
  return wide;
}

/** Assert that two enumerations' regions are the same, in order: polygons, patterns and affine maps alike. */
export function expectSameRegions(a: readonly Region[], b: readonly Region[], label = ''): void {
  expect(a.length, label).toBe(b.length);
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const at = `${label} region ${k}`;
    expect(Array.from(x.polygon), at).toEqual(Array.from(y.polygon));
    expect(Array.from(x.pattern), at).toEqual(Array.from(y.pattern));
    expect(Array.from(x.jacobian), at).toEqual(Array.from(y.jacobian));
    expect(Array.from(x.offset), at).toEqual(Array.from(y.offset));
  }
}
