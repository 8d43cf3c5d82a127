/**
 * One enumeration split into tile jobs that run anywhere (processes, machines, scheduler array tasks) and
 * merged afterwards: {@link makePart} enumerates tile i of n and keeps what the merge needs, {@link mergeParts}
 * stitches the parts into the {@link RegionAnalysis} of the whole window, equal to the single pass's.
 *
 * Tiles: a grid of cols x rows = n (the most square factorisation with cols >= rows, so a prime n gives n
 * vertical strips), numbered row by row from the window's (x0, y0) corner: tile i is column i mod cols, row
 * floor(i / cols) (tiles.ts tileWindow). A region is the convex set where its activation pattern holds, so
 * same-pattern pieces from different tiles are one region. A part keeps:
 * - the regions that touch no inner tile border, complete, as their statistics;
 * - the pieces that touch one (a vertex within 2^-36 of the tile's size of that border), with their polygon,
 *   and the intervals of their edges that lie on the border; the merged region's shape is the convex hull of
 *   its pieces (a convex set tiled by convex pieces), its area the sum of theirs;
 * - the graph edges inside the tile. Across a border, two pieces of different patterns are adjacent where
 *   their border intervals overlap in positive length (a neuron's line runs along the border there); the
 *   interval ends of both sides are first clustered (within 2^-30 of the border's length), since each side
 *   computed them in its own tile's coordinates.
 */
import { hull } from './hull.ts';
import type { Network } from './model.ts';
import type { Plane, Window } from './plane.ts';
import { type Disc, type RegionAnalysis, windowScale } from './regionAnalysis.ts';
import { patternKey, regionGraph, switchedNeurons } from './regionGraph.ts';
import { polygonMeetsDisc, polygonStats, type RegionStats } from './regionStats.ts';
import { type EnumerateOptions, enumerateRegions } from './regions.ts';
import { tileWindow } from './tiles.ts';

/** The format tag of a part file. */
export const PART_FORMAT = 'relu-origami-part/1';

/** The grid of n tiles: [cols, rows], cols * rows = n, the most square with cols >= rows. */
export function tileGrid(n: number): [number, number] {
  let rows = Math.floor(Math.sqrt(n));
  while (rows > 1 && n % rows !== 0) rows--;
  return [n / rows, rows];
}

/** A 64-bit FNV-1a hash (16 hexadecimal digits) of the network's dimensions, activations and weights. */
export function networkFingerprint(net: Network): string {
  let h = 0xcbf29ce484222325n;
  const mask = (1n << 64n) - 1n;
  const eat = (s: string) => {
    for (let i = 0; i < s.length; i++) h = ((h ^ BigInt(s.charCodeAt(i))) * 0x100000001b3n) & mask;
  };
  eat(`${net.inputDim};`);
  for (const L of net.layers) {
    eat(`${L.inDim},${L.outDim},${L.activation}:`);
    for (const a of [L.weights, L.bias, L.alpha]) eat(`${Array.from(a).join(',')};`);
  }
  return h.toString(16).padStart(16, '0');
}

/** The job a part belongs to: merge refuses parts of different jobs. */
export interface PartJob {
  /** The model's fingerprint ({@link networkFingerprint}). */
  model: string;
  /** Neurons per pattern. */
  neurons: number;
  /** The whole window (its plane separately). */
  window: { x0: number; x1: number; y0: number; y1: number };
  /** The plane slice, if any. */
  plane: Plane | null;
  /** The disc of `--disc`, if any, as [x, y, r]. */
  disc: [number, number, number] | null;
  /** Number of tiles and the grid [cols, rows]. */
  tiles: number;
  grid: [number, number];
}

/** A piece of a region cut by an inner tile border. */
export interface PartPiece {
  key: string;
  area: number;
  /** 1 when the piece meets the disc. */
  disc: number;
  /** Counter-clockwise vertices [s0, t0, ...]. */
  polygon: number[];
  /** Edges on inner borders: [side (0 left, 1 right, 2 bottom, 3 top), lo, hi] along the border. */
  border: [number, number, number][];
}

/** The content of a part file (JSON). */
export interface Part extends PartJob {
  format: typeof PART_FORMAT;
  /** This part's tile, 0 <= tile < tiles. */
  tile: number;
  /** Complete regions: [key, area, perimeter, vertices, inradius, eccentricity, cx, cy, ex, ey, disc]. */
  regions: [string, number, number, number, number, number, number, number, number, number, number][];
  /** Pieces of regions cut by inner borders. */
  pieces: PartPiece[];
  /** Graph edges inside the tile: [i, j, length], indices into regions then pieces. */
  edges: [number, number, number][];
}

/**
 * Enumerate tile `tile` of `job.tiles` of `window` and make its part. Returns an error message (a string)
 * for a bad window or plane, or when the enumeration stopped early (opts.maxRegions).
 */
export function makePart(
  net: Network,
  window: Window,
  tile: number,
  tiles: number,
  disc: Disc | null,
  opts: EnumerateOptions = {},
): Part | string {
  const grid = tileGrid(tiles);
  const [cols, rows] = grid;
  const t = tileWindow(window, cols, rows)[tile]!;
  const e = enumerateRegions(net, t, opts);
  if (typeof e === 'string') return e;
  if (!e.complete) return `the enumeration of tile ${tile}/${tiles} stopped early (at ${e.count} regions)`;
  const col = tile % cols;
  const row = Math.floor(tile / cols);
  const inner = [col > 0, col < cols - 1, row > 0, row < rows - 1];
  const bt = 2 ** -36 * Math.max(t.x1 - t.x0, t.y1 - t.y0);
  const on = (side: number, x: number, y: number) =>
    side === 0
      ? Math.abs(x - t.x0) <= bt
      : side === 1
        ? Math.abs(x - t.x1) <= bt
        : side === 2
          ? Math.abs(y - t.y0) <= bt
          : Math.abs(y - t.y1) <= bt;
  const scale = windowScale(window);
  const part: Part = {
    format: PART_FORMAT,
    model: networkFingerprint(net),
    neurons: e.regions[0]?.pattern.length ?? 0,
    window: { x0: window.x0, x1: window.x1, y0: window.y0, y1: window.y1 },
    plane: window.plane ?? null,
    disc: disc ? [disc.x, disc.y, disc.r] : null,
    tiles,
    grid,
    tile,
    regions: [],
    pieces: [],
    edges: [],
  };
  const index = new Int32Array(e.regions.length);
  const pieceOf: number[] = [];
  for (let k = 0; k < e.regions.length; k++) {
    const r = e.regions[k]!;
    const p = r.polygon;
    const n = p.length >> 1;
    const meets = disc && polygonMeetsDisc(p, disc.x, disc.y, disc.r) ? 1 : 0;
    const key = patternKey(r.pattern);
    let touches = false;
    const border: [number, number, number][] = [];
    for (let side = 0; side < 4; side++) {
      if (!inner[side]) continue;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const a = on(side, p[2 * i]!, p[2 * i + 1]!);
        touches ||= a;
        if (!a || !on(side, p[2 * j]!, p[2 * j + 1]!)) continue;
        const c = side < 2 ? 1 : 0;
        const lo = Math.min(p[2 * i + c]!, p[2 * j + c]!);
        const hi = Math.max(p[2 * i + c]!, p[2 * j + c]!);
        if (hi > lo) border.push([side, lo, hi]);
      }
    }
    if (touches) {
      index[k] = -1 - part.pieces.length;
      pieceOf.push(k);
      part.pieces.push({ key, area: r.area, disc: meets, polygon: Array.from(p), border });
    } else {
      index[k] = part.regions.length;
      const s = polygonStats(p, scale);
      part.regions.push([
        key,
        r.area,
        s.perimeter,
        s.vertices,
        s.inradius,
        s.eccentricity,
        s.centroid[0],
        s.centroid[1],
        s.centre[0],
        s.centre[1],
        meets,
      ]);
    }
  }
  const nr = part.regions.length;
  const at = (k: number) => (index[k]! >= 0 ? index[k]! : nr - 1 - index[k]!);
  for (const g of regionGraph(e.regions)) part.edges.push([at(g.a), at(g.b), g.length]);
  return part;
}

/** The merged analysis and what the parts said about the job. */
export interface Merged {
  /** Statistics and graph of the whole window, as the single pass gives them. */
  analysis: RegionAnalysis;
  /** The sum of all pieces' and regions' areas. */
  area: number;
  /** Regions and pieces in all parts (before merging). */
  pieces: number;
  /** The job (from the first part). */
  job: PartJob;
}

interface Acc {
  node: number;
  stats: RegionStats | null;
  polys: number[][];
  area: number;
  disc: boolean;
}

/**
 * Merge parts (any order) into the analysis of the whole window. Returns an error message naming the part
 * when the parts belong to different jobs, or a tile is missing or given twice; `names` name the parts.
 */
export function mergeParts(parts: readonly Part[], names: readonly string[]): Merged | string {
  if (parts.length === 0) return 'no part files to merge';
  const first = parts[0]!;
  const sig = (p: PartJob) =>
    JSON.stringify([p.model, p.neurons, p.window, p.plane, p.disc, p.tiles, p.grid]);
  const seen = new Map<number, string>();
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    const name = names[k] ?? `part ${k}`;
    if (p.model !== first.model || p.neurons !== first.neurons)
      return `${name} is of another model (fingerprint ${p.model}; ${names[0]} has ${first.model})`;
    if (JSON.stringify([p.window, p.plane]) !== JSON.stringify([first.window, first.plane]))
      return `${name} is of another window or plane than ${names[0]}`;
    if (JSON.stringify(p.disc) !== JSON.stringify(first.disc))
      return `${name} has another --disc than ${names[0]}`;
    if (sig(p) !== sig(first))
      return `${name} is tile ${p.tile}/${p.tiles}, ${names[0]} one of ${first.tiles} tiles`;
    const dup = seen.get(p.tile);
    if (dup !== undefined) return `tile ${p.tile}/${p.tiles} is given twice (${dup} and ${name})`;
    seen.set(p.tile, name);
  }
  const missing: number[] = [];
  for (let i = 0; i < first.tiles; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, ...` : missing.join(', ');
    return `${missing.length} of ${first.tiles} tiles missing: ${list}`;
  }
  const sorted = [...parts].sort((a, b) => a.tile - b.tile);
  const scale = windowScale(first.window);
  const byKey = new Map<string, Acc>();
  const accs: Acc[] = [];
  const get = (key: string) => {
    let a = byKey.get(key);
    if (a === undefined) {
      a = { node: accs.length, stats: null, polys: [], area: 0, disc: false };
      byKey.set(key, a);
      accs.push(a);
    }
    return a;
  };
  let area = 0;
  let pieces = 0;
  const edgeByPair = new Map<string, { a: number; b: number; length: number }>();
  const addEdge = (x: number, y: number, length: number) => {
    if (x === y) return;
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const id = `${a},${b}`;
    const e = edgeByPair.get(id);
    if (e) e.length += length;
    else edgeByPair.set(id, { a, b, length });
  };
  const nodesOf: number[][] = [];
  for (const p of sorted) {
    const nodes: number[] = [];
    for (const r of p.regions) {
      const a = get(r[0]);
      a.stats = {
        area: r[1],
        perimeter: r[2],
        vertices: r[3],
        inradius: r[4],
        eccentricity: r[5],
        centroid: [r[6], r[7]],
        centre: [r[8], r[9]],
      };
      a.area += r[1];
      a.disc ||= r[10] === 1;
      area += r[1];
      nodes.push(a.node);
    }
    for (const q of p.pieces) {
      const a = get(q.key);
      a.polys.push(q.polygon);
      a.area += q.area;
      a.disc ||= q.disc === 1;
      area += q.area;
      nodes.push(a.node);
    }
    pieces += p.regions.length + p.pieces.length;
    for (const [i, j, len] of p.edges) addEdge(nodes[i]!, nodes[j]!, len);
    nodesOf[p.tile] = nodes;
  }
  stitchBorders(sorted, nodesOf, addEdge);
  const keys = accs.map(() => '');
  for (const [key, a] of byKey) keys[a.node] = key;
  const stats = accs.map((a) => {
    if (a.stats) return a.stats;
    const s = polygonStats(hull(a.polys), scale);
    s.area = a.area;
    return s;
  });
  const edges = [...edgeByPair.values()]
    .sort((x, y) => x.a - y.a || x.b - y.b)
    .map((e) => ({ ...e, neurons: switchedNeurons(keys[e.a]!, keys[e.b]!) }));
  const analysis: RegionAnalysis = {
    keys,
    stats,
    meetsDisc: first.disc ? accs.map((a) => a.disc) : null,
    edges,
    neurons: first.neurons,
  };
  const { format: _f, tile: _t, regions: _r, pieces: _p, edges: _e, ...job } = first;
  return { analysis, area, pieces, job };
}

/** Add the graph edges that run along inner tile borders (see the module comment). */
function stitchBorders(
  parts: readonly Part[],
  nodesOf: readonly number[][],
  addEdge: (a: number, b: number, length: number) => void,
): void {
  const [cols, rows] = parts[0]!.grid;
  const intervals = (p: Part, side: number) => {
    const out: [number, number, number][] = [];
    const nr = p.regions.length;
    p.pieces.forEach((q, k) => {
      for (const [s, lo, hi] of q.border) if (s === side) out.push([lo, hi, nodesOf[p.tile]![nr + k]!]);
    });
    return out;
  };
  for (let i = 0; i < parts.length; i++) {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const w = parts[0]!.window;
    if (col + 1 < cols) {
      const len = (w.y1 - w.y0) / rows;
      matchBorder(intervals(parts[i]!, 1), intervals(parts[i + 1]!, 0), len, addEdge);
    }
    if (row + 1 < rows) {
      const len = (w.x1 - w.x0) / cols;
      matchBorder(intervals(parts[i]!, 3), intervals(parts[i + cols]!, 2), len, addEdge);
    }
  }
}

function matchBorder(
  a: readonly [number, number, number][],
  b: readonly [number, number, number][],
  length: number,
  addEdge: (a: number, b: number, length: number) => void,
): void {
  if (a.length === 0 || b.length === 0) return;
  const ends: number[] = [];
  for (const [lo, hi] of [...a, ...b]) ends.push(lo, hi);
  ends.sort((x, y) => x - y);
  const tol = 2 ** -30 * length;
  // Cluster the interval ends: value -> cluster index.
  const cluster = new Map<number, number>();
  let c = 0;
  for (let k = 0; k < ends.length; k++) {
    if (k > 0 && ends[k]! - ends[k - 1]! > tol) c++;
    cluster.set(ends[k]!, c);
  }
  for (const [alo, ahi, na] of a) {
    const ia0 = cluster.get(alo)!;
    const ia1 = cluster.get(ahi)!;
    for (const [blo, bhi, nb] of b) {
      if (na === nb) continue;
      if (Math.max(ia0, cluster.get(blo)!) < Math.min(ia1, cluster.get(bhi)!))
        addEdge(na, nb, Math.max(0, Math.min(ahi, bhi) - Math.max(alo, blo)));
    }
  }
}
