/**
 * Exact enumeration split into tiles of the window, for workers: each tile is enumerated on its own
 * (enumerateRegions on a sub-window), summarised as one 64-bit pattern hash and one area per piece, and the
 * summaries are merged by hash. A region that spans several tiles has the same activation pattern in each
 * piece, and patterns are unique per region (a region is the convex set where one pattern holds, so two
 * regions never share one), so the merged count of distinct hashes is the region count of the whole window
 * (up to hash collisions, probability about n^2 2^-65 for n regions).
 */
import { hashKey } from './forward.ts';
import type { Network } from './model.ts';
import type { Window } from './plane.ts';
import { type EnumerateOptions, enumerateRegions } from './regions.ts';

/**
 * Split `window` into cols x rows sub-windows, row by row from (x0, y0). Adjacent tiles share their edge
 * coordinates exactly (both computed by the same expression) and the outer edges are the window's own, so
 * the tiles cover the window without gaps or overlaps. The plane, if any, is kept. Counts below 1 (or not
 * integers) count as 1 (rounded down).
 */
export function tileWindow(window: Window, cols: number, rows: number): Window[] {
  const nc = Math.max(1, Math.floor(cols));
  const nr = Math.max(1, Math.floor(rows));
  const xs = (i: number) => (i === nc ? window.x1 : window.x0 + ((window.x1 - window.x0) * i) / nc);
  const ys = (j: number) => (j === nr ? window.y1 : window.y0 + ((window.y1 - window.y0) * j) / nr);
  const out: Window[] = [];
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < nc; i++) {
      const w: Window = { x0: xs(i), x1: xs(i + 1), y0: ys(j), y1: ys(j + 1) };
      if (window.plane) w.plane = window.plane;
      out.push(w);
    }
  }
  return out;
}

/** The pieces of one tile: what a worker sends back (both arrays are transferable). */
export interface TileSummary {
  /** Pattern hash per piece: words [lo, hi] at 2k, 2k + 1 (forward.ts patternHashInto, all neurons). */
  hashes: Uint32Array;
  /** Area per piece in (s, t) units. */
  areas: Float64Array;
}

/**
 * Enumerate the regions of `net` on `tile` and summarise them. Returns an error message (a string) for a
 * bad window or plane, or when the enumeration stopped early (opts.maxRegions / shouldStop).
 */
export function summariseTile(net: Network, tile: Window, opts: EnumerateOptions = {}): TileSummary | string {
  // The count, areas and pattern hashes alone: no region is built.
  const e = enumerateRegions(net, tile, {
    ...opts,
    areasOnly: true,
    patternHashes: true,
    onRegion: undefined,
  });
  if (typeof e === 'string') return e;
  if (!e.complete || !e.areas || !e.hashes)
    return `the enumeration of tile [${tile.x0}, ${tile.x1}] x [${tile.y0}, ${tile.y1}] stopped early`;
  return { hashes: e.hashes, areas: e.areas };
}

/** The merge of tile summaries; see {@link mergeTiles}. */
export interface MergedRegions {
  /** Distinct regions of the whole window. */
  count: number;
  /** Pieces before merging (the sum of the tiles' region counts). */
  pieces: number;
  /** Total area (the window's area when the tiles cover it). */
  area: number;
  /** Area per region, keyed by pattern hash (hi << 32 | lo): made on first read. */
  readonly areaByHash: Map<bigint, number>;
}

/** Table slots of a fresh {@link TileMerger} (grown by doubling, kept at most half full). */
const MERGE_SLOTS = 1 << 12;

/**
 * Tile summaries merged by pattern hash as they arrive (a worker's answer can be merged while the others
 * still work): pieces with one hash are one region, their areas summed. An open-addressing table of the
 * hashes' two words and one area per region, in typed arrays, so that a merge of a million pieces makes no
 * garbage but the table's doublings.
 */
export class TileMerger {
  private words: Uint32Array;
  private used: Uint8Array;
  private areas: Float64Array;
  /** Distinct hashes so far. */
  count = 0;
  /** Pieces added so far. */
  pieces = 0;
  /** Their total area. */
  area = 0;

  /** A merger sized for about `pieces` pieces (it grows past them). */
  constructor(pieces = 0) {
    let slots = MERGE_SLOTS;
    while (slots < 2 * pieces) slots *= 2;
    this.words = new Uint32Array(2 * slots);
    this.used = new Uint8Array(slots);
    this.areas = new Float64Array(slots);
  }

  /** Merge one tile's pieces. */
  add(t: TileSummary): void {
    const n = t.areas.length;
    const h = t.hashes;
    for (let k = 0; k < n; k++) {
      if (2 * (this.count + 1) > this.used.length) this.grow();
      const a = t.areas[k]!;
      if (this.put(h[2 * k]!, h[2 * k + 1]!, a)) this.count++;
      this.area += a;
    }
    this.pieces += n;
  }

  /** The merged regions; `areaByHash` is made when first read. */
  result(): MergedRegions {
    const { words, used, areas, count, pieces, area } = this;
    let map: Map<bigint, number> | null = null;
    return {
      count,
      pieces,
      area,
      get areaByHash() {
        if (map === null) {
          map = new Map();
          for (let i = 0; i < used.length; i++)
            if (used[i]) map.set(hashKey(words[2 * i]!, words[2 * i + 1]!), areas[i]!);
        }
        return map;
      },
    };
  }

  /** Add area a to hash (lo, hi)'s slot; returns true when the hash is new. */
  private put(lo: number, hi: number, a: number): boolean {
    const { words, used } = this;
    const mask = used.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (used[i]) {
      if (words[2 * i] === lo && words[2 * i + 1] === hi) {
        this.areas[i] = this.areas[i]! + a;
        return false;
      }
      i = (i + 1) & mask;
    }
    used[i] = 1;
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
    this.areas[i] = a;
    return true;
  }

  private grow(): void {
    const { words, used, areas } = this;
    const slots = 2 * used.length;
    this.words = new Uint32Array(2 * slots);
    this.used = new Uint8Array(slots);
    this.areas = new Float64Array(slots);
    for (let i = 0; i < used.length; i++) if (used[i]) this.put(words[2 * i]!, words[2 * i + 1]!, areas[i]!);
  }
}

/** Merge tile summaries by pattern hash (see {@link TileMerger}). */
export function mergeTiles(tiles: readonly TileSummary[]): MergedRegions {
  const m = new TileMerger(tiles.reduce((n, t) => n + t.areas.length, 0));
  for (const t of tiles) m.add(t);
  return m.result();
}

/** The most first-layer neurons the coarse partition of {@link balancedTiles} keeps. */
const COARSE_LINES = 256;

/**
 * The network whose first `layers` layers give the coarse partition: `net` itself, except that a first
 * layer of more than COARSE_LINES neurons, partitioned alone, keeps every (n / COARSE_LINES)-th neuron. A
 * subset of the lines spreads its crossings, and so its regions, over the plane as the whole arrangement
 * does, at a fraction of its cost (for one hidden layer the whole arrangement is the whole job).
 */
function coarseNet(net: Network, layers: number): Network {
  const L = net.layers[0]!;
  if (layers !== 1 || L.outDim <= COARSE_LINES) return net;
  const keep = Array.from({ length: COARSE_LINES }, (_, q) => Math.floor((q * L.outDim) / COARSE_LINES));
  const weights = new Float64Array(COARSE_LINES * L.inDim);
  keep.forEach((j, q) => {
    weights.set(L.weights.subarray(j * L.inDim, (j + 1) * L.inDim), q * L.inDim);
  });
  const first = {
    inDim: L.inDim,
    outDim: COARSE_LINES,
    weights,
    bias: Float64Array.from(keep, (j) => L.bias[j]!),
    activation: L.activation,
    alpha: Float64Array.from(keep, (j) => L.alpha[j]!),
  };
  const out = {
    inDim: COARSE_LINES,
    outDim: 1,
    weights: new Float64Array(COARSE_LINES),
    bias: new Float64Array(1),
    activation: 'linear' as const,
    alpha: new Float64Array(1),
  };
  return { inputDim: net.inputDim, layers: [first, out] };
}

/**
 * Split `window` into `n` tiles of about equal enumeration work, for workers: a k-d split of the window
 * (the longer side of each part, in the window's own units, cut at the quantile that leaves each side its
 * share of the tiles) weighted by the regions of a cheap coarser partition, that of the first `depth`
 * layers (default 1: the first layer's line arrangement), each counted at its centroid. The regions of a
 * network crowd where the lines of its first layer do, so equal counts of coarse regions are far closer to
 * equal work than equal areas: on 2 -> 64 x 4 on [-4, 4]^2 the largest of 64 uniform tiles holds 14% of
 * the work, of 64 balanced ones 5%. A wide first layer is subsampled for it (coarseNet). Adjacent tiles
 * share their cut coordinate exactly, so the tiles cover the window without gaps or overlaps; the plane, if
 * any, is kept. Without a coarse partition (no hidden layer, or one that cannot be enumerated) the tiles
 * are of equal area.
 */
export function balancedTiles(net: Network, window: Window, n: number, depth?: number): Window[] {
  const k = Math.max(1, Math.floor(n));
  return weightedTiles(net, window, new Array<number>(k).fill(1), depth);
}

/**
 * Tiles for `workers` workers that take the next tile when free, largest first: 2 per worker of one share
 * each, then 2 per worker of half a share, then 2 per worker of a quarter (the shares of the work as
 * {@link balancedTiles} estimates it). The estimate is rough (a tile's real work is within about half to
 * twice its share on random networks), so equal tiles leave the last worker to finish one large tile
 * alone; small tiles last keep that tail short, at the cost of a few more tiles' cuts.
 */
export function guidedTiles(net: Network, window: Window, workers: number, depth?: number): Window[] {
  const w = Math.max(1, Math.floor(workers));
  if (w === 1) return [{ ...window }];
  const shares = [1, 0.5, 0.25].flatMap((x) => new Array<number>(2 * w).fill(x));
  return weightedTiles(net, window, shares, depth);
}

/**
 * The k-d split of balancedTiles with unequal shares: one tile per share, each holding about its share of
 * the coarse regions, returned in the order of `shares`.
 */
function weightedTiles(net: Network, window: Window, shares: readonly number[], depth?: number): Window[] {
  const k = shares.length;
  const hidden = net.layers.length - 1;
  const layers = Math.max(1, Math.min(depth ?? 1, hidden));
  const coarse = k > 1 && hidden > 0 ? enumerateRegions(coarseNet(net, layers), window, { layers }) : null;
  // Without a coarse partition each cut falls at the shares' fraction of the part: tiles of area in
  // proportion to their shares.
  const usable = coarse !== null && typeof coarse !== 'string' && coarse.complete;
  const regions = usable ? coarse.regions : [];
  const xs = Float64Array.from(regions, (r) => r.centroid[0]);
  const ys = Float64Array.from(regions, (r) => r.centroid[1]);
  const out: Window[] = new Array(k);
  const W = window.x1 - window.x0;
  const H = window.y1 - window.y0;
  const sum = (from: number, to: number) => shares.slice(from, to).reduce((a, b) => a + b, 0);
  // Tiles from..to - 1 (indices into shares) in w, which holds the coarse regions idx.
  const split = (w: Window, idx: number[], from: number, to: number): void => {
    if (to - from <= 1) {
      const t: Window = { x0: w.x0, x1: w.x1, y0: w.y0, y1: w.y1 };
      if (window.plane) t.plane = window.plane;
      out[from] = t;
      return;
    }
    const alongX = (w.x1 - w.x0) / W >= (w.y1 - w.y0) / H;
    const c = alongX ? xs : ys;
    const lo = alongX ? w.x0 : w.y0;
    const hi = alongX ? w.x1 : w.y1;
    // The first half of the tiles (by count) on the low side, with their share of the part.
    const mid = from + Math.floor((to - from) / 2);
    const frac = sum(from, mid) / sum(from, to);
    const sorted = idx.slice().sort((a, b) => c[a]! - c[b]!);
    const q = Math.round(sorted.length * frac);
    // Cut between the q-th and (q + 1)-th centroid, kept strictly inside the part (else at its share).
    const even = lo + (hi - lo) * frac;
    const between = q > 0 && q < sorted.length ? 0.5 * (c[sorted[q - 1]!]! + c[sorted[q]!]!) : even;
    const cut = between > lo && between < hi ? between : even;
    let j = 0;
    while (j < sorted.length && c[sorted[j]!]! < cut) j++;
    split(alongX ? { ...w, x1: cut } : { ...w, y1: cut }, sorted.slice(0, j), from, mid);
    split(alongX ? { ...w, x0: cut } : { ...w, y0: cut }, sorted.slice(j), mid, to);
  };
  split(
    window,
    Array.from(xs, (_, i) => i),
    0,
    k,
  );
  return out;
}
