/**
 * The exact region count of a view, streamed: the window is enumerated tile by tile (an adaptive quadtree:
 * a tile whose enumeration passes `tileRegions` regions is given up and split into four), and after every
 * finished tile the count so far and the fraction of the view's area done are reported. Memory stays
 * bounded by one tile's enumeration and the patterns of the regions that cross tile edges; no polygon is
 * kept (unless the whole view fits in one tile, where its regions are returned as they are).
 *
 * Why the count is exact: a region is the open convex set where one activation pattern holds, so a region
 * that lies in several tiles has the same pattern in each piece, and two regions never share a pattern. A
 * piece that touches none of its tile's inner edges (edges not on the view's boundary) is the whole region
 * (a convex region leaving the tile would cross its boundary along a segment) and is counted at once; a
 * piece that touches an inner edge is counted when its pattern is new to an exact set of such patterns
 * (patternSet.ts: states compared, not only hashes). The touch test is generous (a bounding box within a
 * millionth of the tile's side), which costs only memory when it is wrong. So the streamed count never
 * decreases, never passes the final count, and ends equal to the regions of the whole window.
 */
import { type Network, neuronCount } from './model.ts';
import { PatternSet } from './patternSet.ts';
import type { Window } from './plane.ts';
import { enumerateRegions, type Region } from './regions.ts';
import { tileWindow } from './tiles.ts';

/** The state of a streamed count after a finished tile. */
export interface StreamProgress {
  /** Distinct regions in the finished tiles (a lower bound of the view's count; never decreases). */
  count: number;
  /** Fraction of the view's area whose tiles are finished, 0 to 1. */
  fraction: number;
}

/** Options of {@link streamCount}. */
export interface StreamCountOptions {
  /** Only the first `layers` layers define regions (default: all). */
  layers?: number;
  /**
   * Regions a tile may hold before it is split (default {@link defaultTileRegions}; at least 64, and at most
   * what half the memory budget holds).
   */
  tileRegions?: number;
  /** A first tile that holds the whole view may hold this many regions (so that its polygons come back). */
  firstTileRegions?: number;
  /** Bytes the count may hold (one tile's enumeration and the crossing patterns); past them it stops. */
  memoryBytes?: number;
  /** Stop once a finished tile brings the count to this many regions (stopped: 'cap'; default: no cap). */
  maxRegions?: number;
  /** Called often (between faces); true stops the count (stopped: 'time'). It may also throw to abort. */
  shouldStop?: () => boolean;
  /** Called after every finished tile with the count so far. */
  onProgress?: (p: StreamProgress) => void;
}

/** The result of {@link streamCount}. */
export interface StreamCount {
  /** Regions of the view; when complete is false, of the finished tiles (a lower bound). */
  count: number;
  /** True when the whole view was counted. */
  complete: boolean;
  /** What stopped an incomplete count: `shouldStop` ('time'), the memory budget or `maxRegions` ('cap'). */
  stopped: 'time' | 'memory' | 'cap' | null;
  /** Fraction of the view's area counted (1 when complete). */
  fraction: number;
  /** Sum of the areas of the finished tiles' pieces, in (s, t) units (the window's area when complete). */
  area: number;
  /** Tiles finished. */
  tiles: number;
  /** Tiles given up and split because they held more than their cap. */
  splits: number;
  /** Pieces enumerated (regions counted once per tile they lie in). */
  pieces: number;
  /** Distinct patterns of pieces touching an inner tile edge (the exact set's members). */
  crossing: number;
  /**
   * The largest memory bound reserved at once: the tile's cap times {@link enumerationBytesPerRegion}, plus
   * the bytes of the set of crossing patterns (a bound, not a measurement: a tile may hold fewer regions).
   */
  peakBytes: number;
  /** The regions themselves when the whole view was one tile (all of them), else null. */
  regions: Region[] | null;
}

/**
 * Bytes one region costs while a tile is enumerated (an estimate): the affine maps of two layers (4 float64
 * per neuron of the widest layer, in two arenas), its pattern (a byte per neuron) and about 512 bytes of
 * polygon, vertices and bookkeeping.
 */
export function enumerationBytesPerRegion(net: Network): number {
  let maxW = 0;
  for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
  return 64 * maxW + neuronCount(net) + 512;
}

/** Bytes one tile's enumeration may take by default: its cap is this over {@link enumerationBytesPerRegion}. */
export const TILE_BYTES = 48 * 2 ** 20;

/**
 * Splits after which a tile that is still too full doubles its cap at each further split instead (regions
 * crowding at one point, e.g. many lines through it, would otherwise be split for ever); the memory budget
 * then ends it.
 */
export const SPLIT_DEPTH = 10;

/** The default cap of a tile: {@link TILE_BYTES} worth of regions, from 1024 to 16384. */
export function defaultTileRegions(net: Network): number {
  return Math.max(1024, Math.min(16_384, Math.floor(TILE_BYTES / enumerationBytesPerRegion(net))));
}

/**
 * Count the regions of `net` on `window` tile by tile (see the module comment). Returns an error message
 * (a string) for a bad window or plane, or when the engine refuses a tile (an overflow).
 */
export function streamCount(
  net: Network,
  window: Window,
  opts: StreamCountOptions = {},
): StreamCount | string {
  const layers = Math.max(0, Math.min(opts.layers ?? net.layers.length, net.layers.length));
  let neurons = 0;
  for (let l = 0; l < layers; l++) neurons += net.layers[l]!.outDim;
  const perRegion = enumerationBytesPerRegion(net);
  const memory = opts.memoryBytes ?? Number.POSITIVE_INFINITY;
  // A tile's cap fits in half the memory budget (the other half is for the crossing patterns).
  const byMemory = Math.floor(memory / 2 / perRegion);
  const maxRegions = opts.maxRegions ?? Number.POSITIVE_INFINITY;
  const cap = Math.max(
    1,
    Math.min(Math.max(64, opts.tileRegions ?? defaultTileRegions(net)), byMemory, maxRegions),
  );
  const firstCap = Math.max(cap, Math.min(opts.firstTileRegions ?? 0, byMemory, maxRegions));
  const set = new PatternSet(neurons);
  const viewArea = (window.x1 - window.x0) * (window.y1 - window.y0);
  const out: StreamCount = {
    count: 0,
    complete: false,
    stopped: null,
    fraction: 0,
    area: 0,
    tiles: 0,
    splits: 0,
    pieces: 0,
    crossing: 0,
    peakBytes: 0,
    regions: null,
  };
  let doneArea = 0;
  let stopped = false;
  const shouldStop = () => {
    if (!stopped && opts.shouldStop?.()) stopped = true;
    return stopped;
  };
  // Depth first, so that the fraction done grows steadily; the first tile is the whole view.
  const stack: Window[] = [window];
  const depths: number[] = [0];
  while (stack.length) {
    const tile = stack.pop()!;
    const depth = depths.pop()!;
    const first = depth === 0;
    const tileCap = first ? firstCap : cap * 2 ** Math.max(0, depth - SPLIT_DEPTH);
    const tileBytes = tileCap * perRegion;
    if (tileBytes > memory || (!first && (set.bytesAfterGrowth + tileBytes > memory || tileCap > byMemory))) {
      out.stopped = 'memory';
      break;
    }
    out.peakBytes = Math.max(out.peakBytes, set.bytes + tileBytes);
    const e = enumerateRegions(net, tile, { layers, maxRegions: tileCap, shouldStop });
    if (typeof e === 'string') return e;
    if (stopped) {
      out.stopped = 'time';
      break;
    }
    if (!e.complete) {
      out.splits++;
      const children = tileWindow(tile, 2, 2);
      for (let c = children.length - 1; c >= 0; c--) {
        stack.push(children[c]!);
        depths.push(depth + 1);
      }
      continue;
    }
    out.tiles++;
    out.pieces += e.regions.length;
    if (first) {
      out.count = e.regions.length;
      out.area = e.area;
      out.regions = e.regions;
      doneArea = viewArea;
    } else {
      countPieces(e.regions, tile, window, set, out);
      out.area += e.area;
      doneArea += (tile.x1 - tile.x0) * (tile.y1 - tile.y0);
    }
    out.fraction = stack.length === 0 ? 1 : Math.min(1, doneArea / viewArea);
    opts.onProgress?.({ count: out.count, fraction: out.fraction });
    if (out.count >= maxRegions && out.fraction < 1) {
      out.stopped = 'cap';
      break;
    }
  }
  out.crossing = set.size;
  out.complete = out.stopped === null;
  return out;
}

/** Count the pieces of one finished tile into `out.count` (see the module comment). */
function countPieces(regions: Region[], tile: Window, view: Window, set: PatternSet, out: StreamCount): void {
  // Generous tolerances: a millionth of the tile's side, and far above the rounding of the coordinates.
  const tx = 2 ** -20 * (tile.x1 - tile.x0) + 2 ** -40 * (Math.abs(tile.x0) + Math.abs(tile.x1));
  const ty = 2 ** -20 * (tile.y1 - tile.y0) + 2 ** -40 * (Math.abs(tile.y0) + Math.abs(tile.y1));
  const left = tile.x0 !== view.x0 ? tile.x0 + tx : Number.NEGATIVE_INFINITY;
  const right = tile.x1 !== view.x1 ? tile.x1 - tx : Number.POSITIVE_INFINITY;
  const bottom = tile.y0 !== view.y0 ? tile.y0 + ty : Number.NEGATIVE_INFINITY;
  const top = tile.y1 !== view.y1 ? tile.y1 - ty : Number.POSITIVE_INFINITY;
  for (const r of regions) {
    const p = r.polygon;
    let s0 = Number.POSITIVE_INFINITY;
    let s1 = Number.NEGATIVE_INFINITY;
    let t0 = Number.POSITIVE_INFINITY;
    let t1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < p.length; i += 2) {
      const s = p[i]!;
      const t = p[i + 1]!;
      if (s < s0) s0 = s;
      if (s > s1) s1 = s;
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
    }
    const inner = s0 <= left || s1 >= right || t0 <= bottom || t1 >= top;
    if (!inner || set.add(r.pattern)) out.count++;
  }
}
