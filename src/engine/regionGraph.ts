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
import { segmentLength } from './regionStats.ts';

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

const HEX_CODES = Uint16Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The key of a pattern (two bits per neuron, see the module comment); states above 3 are a RangeError. */
export function patternKey(pattern: ArrayLike<number>): string {
  const n = (pattern.length + 1) >> 1;
  const codes = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    const lo = pattern[2 * k]!;
    const hi = 2 * k + 1 < pattern.length ? pattern[2 * k + 1]! : 0;
    if (lo > 3 || hi > 3) throw new RangeError(`neuron state ${Math.max(lo, hi)} does not fit in two bits`);
    codes[k] = HEX_CODES[lo | (hi << 2)]!;
  }
  // One flat string (a string grown by += is a rope of one node per digit, about 20 times the memory).
  let s = '';
  for (let k = 0; k < n; k += 8192) s += String.fromCharCode(...codes.subarray(k, k + 8192));
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
 * ordered by (a, b). Cost: linear in the number of polygon vertices (a hash table of vertices, pieces grouped
 * by vertex).
 */
export function regionGraph(regions: readonly GraphRegion[]): RegionEdge[] {
  const g = new GraphBuilder();
  for (const r of regions) g.add(r.polygon, patternKey(r.pattern));
  return g.edges();
}

/**
 * The region graph built one region at a time, keeping of each region only its vertex ids and its pattern key
 * (not its polygon): {@link GraphBuilder.add} each region of one enumeration, then {@link GraphBuilder.edges}.
 */
export class GraphBuilder {
  private readonly ids = new VertexIds();
  private vid = new Int32Array(1024);
  private readonly start: number[] = [0];
  /** The pattern key of each region added (regions are numbered in the order added). */
  readonly keys: string[] = [];

  /** Add the next region: its counter-clockwise polygon [s0, t0, ...] and its pattern key. */
  add(polygon: ArrayLike<number>, key: string): void {
    let o = this.start[this.start.length - 1]!;
    const n = polygon.length >> 1;
    if (o + n > this.vid.length) {
      const grown = new Int32Array(Math.max(2 * this.vid.length, o + n));
      grown.set(this.vid);
      this.vid = grown;
    }
    for (let i = 0; i < n; i++) this.vid[o++] = this.ids.id(polygon[2 * i]!, polygon[2 * i + 1]!);
    this.start.push(o);
    this.keys.push(key);
  }

  /** The graph's edges, ordered by (a, b), with the lengths shared and the neurons that switch. */
  edges(): RegionEdge[] {
    const { vid, start, keys } = this;
    const nr = keys.length;
    const total = start[nr]!;
    const xs = this.ids.xs;
    const ys = this.ids.ys;
    // Directed pieces p -> q grouped by p (counting sort): their q and their region.
    const nv = this.ids.count;
    const first = new Int32Array(nv + 1);
    for (let i = 0; i < total; i++) first[vid[i]! + 1]!++;
    for (let v = 0; v < nv; v++) first[v + 1] = first[v + 1]! + first[v]!;
    const fill = first.slice(0, nv);
    const to = new Int32Array(total);
    const owner = new Int32Array(total);
    for (let k = 0; k < nr; k++) {
      const s0 = start[k]!;
      const n = start[k + 1]! - s0;
      for (let i = 0; i < n; i++) {
        const slot = fill[vid[s0 + i]!]!++;
        to[slot] = vid[s0 + ((i + 1) % n)]!;
        owner[slot] = k;
      }
    }
    const byPair = new Map<number, RegionEdge>();
    for (let k = 0; k < nr; k++) {
      const s0 = start[k]!;
      const n = start[k + 1]! - s0;
      for (let i = 0; i < n; i++) {
        const p = vid[s0 + i]!;
        const q = vid[s0 + ((i + 1) % n)]!;
        if (p === q) continue;
        // The region on the other side has the piece q -> p.
        let other = -1;
        for (let slot = first[q]!; slot < first[q + 1]!; slot++) {
          if (to[slot] === p) {
            other = owner[slot]!;
            break;
          }
        }
        // Each shared piece is seen from both sides; count it from the smaller index.
        if (other <= k) continue;
        const pair = k * nr + other;
        let e = byPair.get(pair);
        if (e === undefined) {
          e = { a: k, b: other, length: 0, neurons: switchedNeurons(keys[k]!, keys[other]!) };
          byPair.set(pair, e);
        }
        e.length += segmentLength(xs[q]! - xs[p]!, ys[q]! - ys[p]!);
      }
    }
    return [...byPair.values()].sort((x, y) => x.a - y.a || x.b - y.b);
  }
}

/** Ids of points by their exact float64 coordinates (an open-addressing hash table; -0 counts as 0). */
class VertexIds {
  /** Coordinates of each id. */
  xs = new Float64Array(1024);
  ys = new Float64Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private readonly bits = new Float64Array(2);
  private readonly words = new Uint32Array(this.bits.buffer);
  /** Number of distinct points so far. */
  count = 0;

  private hash(x: number, y: number): number {
    this.bits[0] = x;
    this.bits[1] = y;
    const w = this.words;
    let h = Math.imul(w[0]! ^ Math.imul(w[1]!, 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ w[2]! ^ Math.imul(w[3]!, 0xc2b2ae35), 0x27d4eb2f);
    return h ^ (h >>> 15);
  }

  private grow(): void {
    const xs = new Float64Array(2 * this.xs.length);
    const ys = new Float64Array(2 * this.ys.length);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
    this.slots = new Int32Array(2 * xs.length).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let s = this.hash(xs[id]!, ys[id]!) & mask;
      while (this.slots[s]! >= 0) s = (s + 1) & mask;
      this.slots[s] = id;
    }
  }

  /** The id of (x, y), new ids numbered from 0 in order of first appearance. */
  id(x0: number, y0: number): number {
    const x = x0 + 0;
    const y = y0 + 0;
    if (this.count === this.xs.length) this.grow();
    const mask = this.slots.length - 1;
    for (let s = this.hash(x, y) & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0) {
        this.slots[s] = this.count;
        this.xs[this.count] = x;
        this.ys[this.count] = y;
        return this.count++;
      }
      if (this.xs[id] === x && this.ys[id] === y) return id;
    }
  }
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
