/**
 * The options of `regions` that go beyond the count: `--stats` (distributions of the region shapes and of the
 * graph), `--graph FILE` (the adjacency graph as JSON, or GraphML for a .graphml name), `--disc x,y,r` (the
 * regions that meet a disc) and `--tile i/n --out FILE` (one tile's part, for `merge`); shared with `merge`.
 */
import { graphJson, graphMl } from '../engine/io/graph.ts';
import type { Network } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import {
  type Disc,
  discCount,
  type RegionAnalysis,
  type StatsSummary,
  summariseAnalysis,
} from '../engine/regionAnalysis.ts';
import { makePart, tileGrid } from '../engine/regionMerge.ts';
import type { IntegerDistribution, Quantiles } from '../engine/regionStats.ts';
import { tileWindow } from '../engine/tiles.ts';
import { clip, type ParsedArgs, parseNumberList, UsageError } from './args.ts';
import { fmt } from './format.ts';
import type { CliIo } from './io.ts';

/** The most tiles `--tile i/n` accepts. */
export const MAX_TILES = 65536;

/** What the analysis options of `regions` asked for. */
export interface AnalysisRequest {
  /** --stats was given. */
  stats: boolean;
  /** The --graph file, if any. */
  graph: string | null;
  /** The --disc, if any. */
  disc: Disc | null;
  /** --tile i/n as [i, n], with the --out file, if given. */
  tile: { index: number; count: number; out: string } | null;
}

/** Parse `--disc x,y,r` (r > 0). */
export function parseDisc(text: string): Disc {
  const [x, y, r] = parseNumberList(text, '--disc', [3]) as [number, number, number];
  if (!(r > 0)) throw new UsageError(`--disc has radius ${r}, expected a radius above 0 (x,y,r)`);
  return { x, y, r };
}

/** Parse `--tile i/n`: 0 <= i < n <= {@link MAX_TILES}. */
export function parseTile(text: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m)
    throw new UsageError(`--tile has "${clip(text)}", expected i/n (tile i of n, 0 <= i < n), e.g. 3/16`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > MAX_TILES) throw new UsageError(`--tile has ${n} tiles, expected 1 to ${MAX_TILES}`);
  if (i >= n)
    throw new UsageError(`--tile ${i}/${n}: the tile index must be below ${n} (tiles 0 to ${n - 1})`);
  return [i, n];
}

/**
 * Read and check the analysis options of `regions` against each other and the model (2-D windows only;
 * --tile needs --out and takes neither --stats, --graph, --detail nor --json's detail).
 */
export function analysisRequest(args: ParsedArgs, net: Network): AnalysisRequest {
  const graph = args.values.get('graph') ?? null;
  const discText = args.values.get('disc');
  const tileText = args.values.get('tile');
  const out = args.values.get('out');
  const stats = args.flags.has('stats');
  const disc = discText === undefined ? null : parseDisc(discText);
  const tile = tileText === undefined ? null : parseTile(tileText);
  const asked = [stats && '--stats', graph !== null && '--graph', disc && '--disc', tile && '--tile'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (net.inputDim === 1 && asked.length > 0)
    throw new UsageError(`${asked[0]} needs a two-dimensional window (a model with two or more inputs)`);
  if (out !== undefined && tile === null)
    throw new UsageError('--out needs --tile i/n (it writes a tile part)');
  if (tile !== null) {
    if (out === undefined) throw new UsageError('--tile needs --out FILE (the part file that merge reads)');
    for (const [given, name] of [
      [stats, '--stats'],
      [graph !== null, '--graph'],
      [args.flags.has('detail'), '--detail'],
    ] as const) {
      if (given)
        throw new UsageError(
          `${name} does not go with --tile: pass it to merge, which sees the whole window`,
        );
    }
  }
  if (graph !== null && !/\.(json|graphml)$/i.test(graph))
    throw new UsageError(`--graph has "${clip(graph)}", expected a file name ending in .json or .graphml`);
  return {
    stats,
    graph,
    disc,
    tile: tile && out !== undefined ? { index: tile[0], count: tile[1], out } : null,
  };
}

/** Write `text` to `path` with the io, as a usage error naming `option` when it cannot be written. */
export function writeOut(io: CliIo, path: string, text: string, option: string): void {
  if (!io.writeFile) throw new UsageError(`${option}: this environment cannot write files`);
  try {
    io.writeFile(path, text);
  } catch (e) {
    throw new UsageError(
      `${option} cannot write ${clip(path)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Write the graph of `a` to `path` (GraphML for a .graphml name, else JSON). */
export function writeGraph(io: CliIo, path: string, a: RegionAnalysis): void {
  const text = /\.graphml$/i.test(path) ? graphMl(a) : `${JSON.stringify(graphJson(a))}\n`;
  writeOut(io, path, text, '--graph');
}

/** What `--stats`, `--disc` and `--graph` add to the JSON report. */
export interface AnalysisReport {
  /** The distributions (with --stats). */
  stats?: StatsSummary;
  /** The disc and the number of regions that meet it (with --disc). */
  disc?: { x: number; y: number; r: number; regions: number };
  /** The graph file and its size (with --graph). */
  graph?: { file: string; nodes: number; edges: number };
}

/** Do what the request asks of a finished analysis: write the graph, and return the report's additions. */
export function applyAnalysis(req: AnalysisRequest, a: RegionAnalysis, io: CliIo): AnalysisReport {
  const out: AnalysisReport = {};
  if (req.stats) out.stats = summariseAnalysis(a);
  if (req.disc) out.disc = { ...req.disc, regions: discCount(a) };
  if (req.graph !== null) {
    writeGraph(io, req.graph, a);
    out.graph = { file: req.graph, nodes: a.keys.length, edges: a.edges.length };
  }
  return out;
}

function quantileText(q: Quantiles): string {
  return (
    `min ${fmt(q.min)}, p05 ${fmt(q.p05)}, p25 ${fmt(q.p25)}, median ${fmt(q.median)}, ` +
    `p75 ${fmt(q.p75)}, p95 ${fmt(q.p95)}, max ${fmt(q.max)}, mean ${fmt(q.mean)}`
  );
}

function distributionText(d: IntegerDistribution): string {
  const h = d.histogram.map(([v, c]) => `${v}: ${c}`).join(', ');
  return `mean ${fmt(d.mean)}, min ${d.min}, max ${d.max} (${h || 'none'})`;
}

/** The text rows of the report's additions (for the table of `regions` and `merge`). */
export function analysisRows(r: AnalysisReport): [string, string][] {
  const rows: [string, string][] = [];
  const s = r.stats;
  if (s) {
    rows.push(['area quantiles', quantileText(s.area)]);
    rows.push(['perimeters', quantileText(s.perimeter)]);
    rows.push(['inradii', quantileText(s.inradius)]);
    rows.push(['eccentricities', quantileText(s.eccentricity)]);
    rows.push(['corners per region', distributionText(s.vertices)]);
    rows.push(['graph edges', String(s.graphEdges)]);
    rows.push(['degree', distributionText(s.degree)]);
    rows.push(['neurons switched', distributionText(s.switched)]);
  }
  if (r.disc) {
    const d = r.disc;
    rows.push([
      'disc',
      `${d.regions} regions meet the disc of radius ${fmt(d.r)} at (${fmt(d.x)}, ${fmt(d.y)})`,
    ]);
  }
  if (r.graph)
    rows.push(['graph', `${r.graph.nodes} nodes, ${r.graph.edges} edges written to ${r.graph.file}`]);
  return rows;
}

/** The JSON printed by `regions --tile i/n --out FILE --json`. */
export interface TileReport {
  /** The tile, its number of tiles and the grid [cols, rows]. */
  tile: number;
  tiles: number;
  grid: [number, number];
  /** The tile's own window. */
  window: { x0: number; x1: number; y0: number; y1: number };
  /** Regions entirely inside the tile and pieces cut by its inner borders. */
  regions: number;
  pieces: number;
  /** The part file written. */
  out: string;
}

/** Enumerate one tile and write its part (`--tile i/n --out FILE`); returns the exit status. */
export function runTile(
  net: Network,
  window: Window,
  req: AnalysisRequest,
  maxRegions: number | undefined,
  json: boolean,
  io: CliIo,
): number {
  const t = req.tile!;
  const part = makePart(
    net,
    window,
    t.index,
    t.count,
    req.disc,
    maxRegions === undefined ? {} : { maxRegions },
  );
  if (typeof part === 'string') throw new UsageError(part);
  writeOut(io, t.out, `${JSON.stringify(part)}\n`, '--out');
  const [cols, rows] = tileGrid(t.count);
  const tw = tileWindow(window, cols, rows)[t.index]!;
  const report: TileReport = {
    tile: t.index,
    tiles: t.count,
    grid: [cols, rows],
    window: { x0: tw.x0, x1: tw.x1, y0: tw.y0, y1: tw.y1 },
    regions: part.regions.length,
    pieces: part.pieces.length,
    out: t.out,
  };
  if (json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const w = report.window;
    io.stdout(
      `tile ${t.index}/${t.count} (grid ${cols} x ${rows}) [${fmt(w.x0)}, ${fmt(w.x1)}] x [${fmt(w.y0)}, ${fmt(w.y1)}]: ` +
        `${report.regions} regions inside, ${report.pieces} pieces on inner borders, written to ${t.out}\n`,
    );
  }
  return 0;
}
