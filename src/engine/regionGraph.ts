/**
 * The adjacency (dual) graph of an enumeration: one node per region, one edge per pair of regions that share
 * a segment of positive length, labelled with the length shared and the neurons whose state differs between
 * the two patterns (compared state by state: an edge where two neurons switch at once, as for duplicated
 * neurons, lists both).
 *
 * The enumeration's subdivision shares its vertices: a vertex inserted on an edge is inserted in the faces on
 * both sides (regions.ts), so every piece of boundary between two regions appears in both polygons as the same
 * pair of vertices, in opposite directions, with bit-identical coordinates. The graph matches those directed
 * pieces; pieces of one region pair (split by collinear vertices) are one edge, their lengths summed.
 * Vertices are identified by their float64 coordinates, so on a window so narrow, relative to its distance
 * from the origin, that distinct vertices round to the same coordinates the graph can miss edges.
 *
 * Patterns are also written as keys: hexadecimal strings of two bits per neuron (two neurons per digit,
 * neuron 2k in the low bits of digit k), so that regions of different enumerations (tiles) can be matched.
 */

/** One edge of the region graph. */
export interface RegionEdge {
  /** Index of the first region (the smaller index). */
  a: number;
  /** Index of the second region. */
  b: number;
  /** Length of the boundary the two regions share, in window units. */
  length: number;
  /** Neurons (numbered as in forward.ts) whose states differ between the two regions, increasing. */
  neurons: number[];
}

/** What the graph reads of a region. */
export interface GraphRegion {
  /** Counter-clockwise vertices [s0, t0, s1, t1, ...] (collinear vertices allowed). */
  polygon: ArrayLike<number>;
  /** One state (0-3) per neuron. */
  pattern: ArrayLike<number>;
}

const HEX = '0123456789abcdef';

/** The key of a pattern (two bits per neuron, see the module comment); states above 3 are a RangeError. */
export function patternKey(pattern: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < pattern.length; i += 2) {
    const lo = pattern[i]!;
    const hi = i + 1 < pattern.length ? pattern[i + 1]! : 0;
    if (lo > 3 || hi > 3) throw new RangeError(`neuron state ${Math.max(lo, hi)} does not fit in two bits`);
    s += HEX[lo | (hi << 2)];
  }
  return s;
}

/** The states of the pattern of `key`, `neurons` of them. */
export function patternOfKey(key: string, neurons: number): Uint8Array {
  const out = new Uint8Array(neurons);
  for (let i = 0; i < neurons; i++) {
    const d = Number.parseInt(key[i >> 1] ?? '0', 16);
    out[i] = (i & 1 ? d >> 2 : d) & 3;
  }
  return out;
}

/** The neurons whose states differ between the patterns of two keys of equal length, increasing. */
export function switchedNeurons(a: string, b: string): number[] {
  const out: number[] = [];
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    if (a[k] === b[k]) continue;
    const da = Number.parseInt(a[k] ?? '0', 16);
    const db = Number.parseInt(b[k] ?? '0', 16);
    if ((da & 3) !== (db & 3)) out.push(2 * k);
    if (da >> 2 !== db >> 2) out.push(2 * k + 1);
  }
  return out;
}

/**
 * The adjacency graph of `regions` (one enumeration's: shared vertices, see the module comment). Edges are
 * ordered by (a, b). Cost: linear in the number of polygon vertices (hash maps).
 */
export function regionGraph(regions: readonly GraphRegion[]): RegionEdge[] {
  // Vertex ids by exact coordinates.
  const ids = new Map<string, number>();
  const vid: Int32Array[] = [];
  for (const r of regions) {
    const n = r.polygon.length >> 1;
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = `${r.polygon[2 * i]},${r.polygon[2 * i + 1]}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      v[i] = id;
    }
    vid.push(v);
  }
  const nv = ids.size;
  // Directed boundary pieces p -> q, by p * nv + q: the region that has it.
  const owner = new Map<number, number>();
  for (let k = 0; k < regions.length; k++) {
    const v = vid[k]!;
    for (let i = 0; i < v.length; i++) {
      const p = v[i]!;
      const q = v[(i + 1) % v.length]!;
      if (p !== q) owner.set(p * nv + q, k);
    }
  }
  const byPair = new Map<number, RegionEdge>();
  for (let k = 0; k < regions.length; k++) {
    const v = vid[k]!;
    const poly = regions[k]!.polygon;
    for (let i = 0; i < v.length; i++) {
      const j = (i + 1) % v.length;
      const p = v[i]!;
      const q = v[j]!;
      if (p === q) continue;
      const other = owner.get(q * nv + p);
      // Each shared piece is seen from both sides; count it from the smaller index.
      if (other === undefined || other <= k) continue;
      const pair = k * regions.length + other;
      let e = byPair.get(pair);
      if (e === undefined) {
        e = { a: k, b: other, length: 0, neurons: differing(regions[k]!.pattern, regions[other]!.pattern) };
        byPair.set(pair, e);
      }
      e.length += Math.hypot(poly[2 * j]! - poly[2 * i]!, poly[2 * j + 1]! - poly[2 * i + 1]!);
    }
  }
  return [...byPair.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

function differing(p: ArrayLike<number>, q: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) out.push(i);
  return out;
}

/** The degree (number of neighbours) of each of `n` regions in the graph `edges`. */
export function regionDegrees(n: number, edges: readonly RegionEdge[]): Uint32Array {
  const deg = new Uint32Array(n);
  for (const e of edges) {
    deg[e.a] = deg[e.a]! + 1;
    deg[e.b] = deg[e.b]! + 1;
  }
  return deg;
}
