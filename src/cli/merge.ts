/**
 * `relu-origami merge PART... [--json] [--stats] [--graph FILE]`: the regions of a whole window from the part
 * files that `regions --tile i/n --out FILE` wrote (regionMerge.ts), equal to a single `regions` run: the
 * count, the area, and with --stats, --graph and the parts' --disc the same statistics, graph and disc count.
 */
import { type Merged, mergeParts, PART_FORMAT, type Part } from '../engine/regionMerge.ts';
import { clip, parseArgs, UsageError } from './args.ts';
import { fmt, table } from './format.ts';
import type { CliIo } from './io.ts';
import { type AnalysisReport, analysisRows, applyAnalysis } from './regionsAnalysis.ts';

/** The options of `merge`. */
export const MERGE_OPTIONS = { json: 'flag', stats: 'flag', graph: 'value' } as const;

/** The JSON printed by `merge --json`. */
export interface MergeReport extends AnalysisReport {
  /** Number of distinct regions of the whole window. */
  regions: number;
  /** Total area of the regions (the window's area), in window units. */
  area: number;
  /** Always true: every part is a complete tile and every tile is there. */
  complete: true;
  /** The whole window. */
  window: { x0: number; x1: number; y0: number; y1: number };
  /** Number of tiles and their grid [cols, rows]. */
  tiles: number;
  grid: [number, number];
  /** Regions and pieces in all parts, before merging. */
  pieces: number;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown): x is number => Number.isInteger(x);

/** Check the shape of a parsed part file; returns the part or throws a UsageError naming `name`. */
export function checkPart(json: unknown, name: string): Part {
  const bad = (what: string) => new UsageError(`${name}: ${what}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw bad(`not a part file (expected a JSON object with "format": "${PART_FORMAT}")`);
  const p = json as Record<string, unknown>;
  if (p.format !== PART_FORMAT)
    throw bad(
      `not a part file (format ${clip(JSON.stringify(p.format) ?? 'missing')}, expected "${PART_FORMAT}")`,
    );
  if (typeof p.model !== 'string') throw bad('"model" is not a string');
  if (!isInt(p.neurons) || p.neurons < 0) throw bad('"neurons" is not a count');
  const w = p.window as Record<string, unknown> | null;
  if (typeof w !== 'object' || w === null || !['x0', 'x1', 'y0', 'y1'].every((k) => isNum(w[k])))
    throw bad('"window" is not {x0, x1, y0, y1}');
  if (!isInt(p.tiles) || p.tiles < 1) throw bad('"tiles" is not a positive integer');
  const g = p.grid;
  if (!Array.isArray(g) || g.length !== 2 || !isInt(g[0]) || !isInt(g[1]) || g[0] * g[1] !== p.tiles)
    throw bad(`"grid" is not [cols, rows] with cols x rows = ${p.tiles}`);
  if (!isInt(p.tile) || p.tile < 0 || p.tile >= p.tiles)
    throw bad(`"tile" is not an integer from 0 to ${p.tiles - 1}`);
  if (p.disc !== null && !(Array.isArray(p.disc) && p.disc.length === 3 && p.disc.every(isNum)))
    throw bad('"disc" is neither null nor [x, y, r]');
  if (!Array.isArray(p.regions)) throw bad('"regions" is not an array');
  p.regions.forEach((r: unknown, k) => {
    if (
      !Array.isArray(r) ||
      r.length !== 11 ||
      typeof r[0] !== 'string' ||
      !r.slice(1).every((v) => typeof v === 'number')
    )
      throw bad(
        `regions[${k}] is not [key, area, perimeter, vertices, inradius, eccentricity, cx, cy, ex, ey, disc]`,
      );
  });
  if (!Array.isArray(p.pieces)) throw bad('"pieces" is not an array');
  p.pieces.forEach((q: unknown, k) => {
    const o = q as Record<string, unknown> | null;
    if (
      typeof o !== 'object' ||
      o === null ||
      typeof o.key !== 'string' ||
      typeof o.area !== 'number' ||
      !Array.isArray(o.polygon) ||
      !o.polygon.every(isNum) ||
      !Array.isArray(o.border) ||
      !o.border.every((b) => Array.isArray(b) && b.length === 3 && b.every(isNum))
    )
      throw bad(`pieces[${k}] is not {key, area, disc, polygon, border}`);
  });
  const n = p.regions.length + p.pieces.length;
  if (!Array.isArray(p.edges)) throw bad('"edges" is not an array');
  p.edges.forEach((e: unknown, k) => {
    if (!Array.isArray(e) || e.length !== 3 || !isInt(e[0]) || !isInt(e[1]) || !isNum(e[2]))
      throw bad(`edges[${k}] is not [i, j, length]`);
    if (e[0] < 0 || e[1] < 0 || e[0] >= n || e[1] >= n)
      throw bad(`edges[${k}] names a region beyond the ${n} of the part`);
  });
  return json as Part;
}

/** Read and merge part files (exported for the tests). */
export function mergeFiles(paths: readonly string[], io: CliIo): Merged {
  const parts = paths.map((path) => {
    let text: string;
    try {
      text = io.readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new UsageError(
        code === 'ENOENT'
          ? `cannot read ${clip(path)}: no such file`
          : `cannot read ${clip(path)}: ${String(e)}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(
        `${clip(path)} is not valid JSON (a part file from regions --tile i/n --out FILE)`,
      );
    }
    return checkPart(json, clip(path));
  });
  const merged = mergeParts(parts, paths.map(clip));
  if (typeof merged === 'string') throw new UsageError(merged);
  return merged;
}

/** Run `merge` with the arguments after the subcommand; returns the exit status. */
export function runMerge(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, MERGE_OPTIONS);
  if (args.positionals.length === 0)
    throw new UsageError(
      'merge needs part files: relu-origami merge part-*.json (from regions --tile i/n --out FILE)',
    );
  const graph = args.values.get('graph') ?? null;
  if (graph !== null && !/\.(json|graphml)$/i.test(graph))
    throw new UsageError(`--graph has "${clip(graph)}", expected a file name ending in .json or .graphml`);
  const m = mergeFiles(args.positionals, io);
  const d = m.job.disc;
  const extra = applyAnalysis(
    { stats: args.flags.has('stats'), graph, disc: d ? { x: d[0], y: d[1], r: d[2] } : null, tile: null },
    m.analysis,
    io,
  );
  const report: MergeReport = {
    regions: m.analysis.keys.length,
    area: m.area,
    complete: true,
    window: m.job.window,
    tiles: m.job.tiles,
    grid: m.job.grid,
    pieces: m.pieces,
    ...extra,
  };
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const w = report.window;
  const rows: [string, string][] = [
    ['regions', String(report.regions)],
    ['area', `${fmt(report.area)} of [${fmt(w.x0)}, ${fmt(w.x1)}] x [${fmt(w.y0)}, ${fmt(w.y1)}]`],
    ['tiles', `${report.tiles} (grid ${report.grid[0]} x ${report.grid[1]}), ${report.pieces} pieces merged`],
    ...analysisRows(report),
  ];
  io.stdout(table(rows));
  return 0;
}
