/**
 * `relu-origami regions MODEL --window x0,x1,y0,y1|all [--plane JSON] [--json] [--detail] [--max-regions N]
 * [--stats] [--graph FILE] [--disc x,y,r] [--tile i/n --out FILE]`:
 * the exact linear regions of a network on a window of the input plane (or of a plane slice), or with
 * `--window all` of the whole plane (a window that holds every vertex, whole-plane.ts). For a one-input
 * network the window is x0,x1 and the regions are intervals.
 */
import { type AreaStats, areaStats, type RegionBounds, regionBounds } from '../engine/bounds.ts';
import type { Network } from '../engine/model.ts';
import { type PlaneMap, planeMap, type Window } from '../engine/plane.ts';
import { RegionAccumulator, windowScale } from '../engine/regionAnalysis.ts';
import { type EnumerateOptions, type Enumeration, enumerateRegions } from '../engine/regions.ts';
import { wholePlaneWindow } from '../engine/whole-plane.ts';
import { parseArgs, parseInteger, UsageError } from './args.ts';
import { piecesOrRefusal } from './breakpoints.ts';
import { fmt, matrixRows, patternByLayer, table } from './format.ts';
import type { CliIo } from './io.ts';
import { loadModelArgument, loadPlane, loadWindow } from './load.ts';
import { memoryRefusal } from './memory.ts';
import {
  type AnalysisReport,
  analysisRequest,
  analysisRows,
  applyAnalysis,
  runTile,
} from './regionsAnalysis.ts';

/** The options of `regions`. */
export const REGIONS_OPTIONS = {
  window: 'value',
  plane: 'value',
  json: 'flag',
  detail: 'flag',
  'max-regions': 'value',
  stats: 'flag',
  graph: 'value',
  disc: 'value',
  tile: 'value',
  out: 'value',
} as const;

/** The JSON printed by `regions --json` (the `detail` list only with --detail). */
export interface RegionsReport extends AnalysisReport {
  /** Number of regions: all of them when complete, else the number found so far (a lower bound). */
  regions: number;
  /** Number of vertices of the subdivision, window corners (interval ends in 1-D) included. */
  vertices: number;
  /** Number of edges of the subdivision (in 1-D: the intervals); when stopped early, of the subdivision so far (null in 1-D). */
  edges: number | null;
  /** Total area of the regions found, in window units ((s, t) units on a plane slice; length in 1-D). */
  area: number;
  /** False when --max-regions stopped the enumeration early. */
  complete: boolean;
  /** The window, as given. */
  window: { x0: number; x1: number; y0?: number; y1?: number };
  /** Dimension of the network's input. */
  inputDim: number;
  /** Theoretical upper bounds for this network on a slice of this dimension (bounds.ts). */
  bounds: RegionBounds;
  /**
   * How the signs were certified (2-D): the first layers composed in double-double (of all layers), whether the
   * spectral error bound was used after them, and how many signs exact arithmetic decided.
   */
  precision?: { doubleDoubleLayers: number; layers: number; spectralBound: boolean; exactDecisions: number };
  /** Statistics of the region areas (lengths in 1-D); absent when not complete. */
  areaStats?: AreaStats;
  /** Every region (with --detail): polygon (or interval), pattern per layer, affine map in window units. */
  detail?: RegionDetail[];
}

/** One region of `regions --detail`. */
export interface RegionDetail {
  /** Polygon vertices [[s, t], ...] counter-clockwise (2-D), or absent in 1-D. */
  polygon?: number[][];
  /** The interval [s0, s1] (1-D only). */
  interval?: [number, number];
  /** One array of states per layer (linear layers all 0). */
  pattern: number[][];
  /** Jacobian in window coordinates: one row per output, [df/ds, df/dt] (or [df/ds] in 1-D). */
  jacobian: number[][];
  /** Offset: f = jacobian . (s, t) + offset on the region. */
  offset: number[];
  /** Area (length in 1-D). */
  area: number;
  /** Centroid [s, t] (midpoint [s] in 1-D). */
  centroid: number[];
}

/** Enumerate one-input regions (intervals) with segmentPieces along [x0, x1]. */
function intervals(net: Network, window: Window, map: PlaneMap, detail: boolean, max: number): RegionsReport {
  // Like the 2-D enumeration, stop once more than `max` regions exist.
  const run = piecesOrRefusal(net, map, [window.x0, 0], [window.x1, 0], { maxPieces: max + 1 });
  const kept = run.pieces;
  const len = window.x1 - window.x0;
  const at = (u: number) => (u === 1 ? window.x1 : window.x0 + u * len);
  let area = 0;
  const details: RegionDetail[] = [];
  for (const p of kept) {
    const s0 = at(p.u0);
    const s1 = at(p.u1);
    area += s1 - s0;
    if (!detail) continue;
    const slope = Array.from(p.slope, (v) => v / len);
    details.push({
      interval: [s0, s1],
      pattern: patternByLayer(net, p.pattern),
      jacobian: slope.map((v) => [v]),
      offset: Array.from(p.intercept, (c, k) => c - slope[k]! * window.x0),
      area: s1 - s0,
      centroid: [(s0 + s1) / 2],
    });
  }
  const report: RegionsReport = {
    regions: kept.length,
    vertices: kept.length + 1,
    edges: run.complete ? kept.length : null,
    area,
    complete: run.complete,
    window: { x0: window.x0, x1: window.x1 },
    inputDim: net.inputDim,
    bounds: regionBounds(net, 1),
  };
  if (report.complete) report.areaStats = areaStats(kept.map((p) => (p.u1 - p.u0) * len));
  if (detail) report.detail = details;
  return report;
}

function planeReport(
  net: Network,
  window: Window,
  e: Enumeration,
  detail: boolean,
  stream?: RegionAccumulator,
): RegionsReport {
  const report: RegionsReport = {
    regions: e.count,
    vertices: e.vertices,
    edges: Number.isFinite(e.edges) ? e.edges : null,
    area: e.area,
    complete: e.complete,
    window: { x0: window.x0, x1: window.x1, y0: window.y0, y1: window.y1 },
    inputDim: net.inputDim,
    bounds: regionBounds(net, 2),
    precision: {
      doubleDoubleLayers: e.doubleDoubleLayers ?? (e.doubleDouble ? net.layers.length : 0),
      layers: net.layers.length,
      spectralBound: e.spectralBound === true,
      exactDecisions: e.exactDecisions,
    },
  };
  if (e.complete)
    report.areaStats = areaStats(stream ? stream.areas() : (e.areas ?? e.regions.map((r) => r.area)));
  if (detail) {
    report.detail = e.regions.map((r) => {
      const polygon: number[][] = [];
      for (let k = 0; k + 1 < r.polygon.length; k += 2) polygon.push([r.polygon[k]!, r.polygon[k + 1]!]);
      return {
        polygon,
        pattern: patternByLayer(net, r.pattern),
        jacobian: matrixRows(r.jacobian, r.offset.length, 2),
        offset: Array.from(r.offset),
        area: r.area,
        centroid: [r.centroid[0], r.centroid[1]],
      };
    });
  }
  return report;
}

/** Compute the `regions` report for parsed arguments (exported for the benchmark and the tests). */
export function regionsReport(
  net: Network,
  window: Window,
  detail: boolean,
  maxRegions?: number,
  stream?: RegionAccumulator,
): RegionsReport {
  const map = planeMap(net.inputDim, window.plane);
  if (typeof map === 'string') throw new UsageError(map);
  if (net.inputDim === 1) return intervals(net, window, map, detail, maxRegions ?? Number.POSITIVE_INFINITY);
  const refusal = memoryRefusal(net, maxRegions);
  if (refusal !== null) throw new UsageError(refusal);
  let e: Enumeration | string;
  try {
    // With a stream (and no --detail), regions go to it as they are built instead of into a list.
    const opts: EnumerateOptions = maxRegions === undefined ? {} : { maxRegions };
    if (stream && !detail) opts.onRegion = (r) => stream.add(r.polygon, r.pattern, r.area);
    // Without detail or a stream only the areas are needed (the count and the area statistics).
    else if (!detail && !stream) opts.areasOnly = true;
    e = enumerateRegions(net, window, opts);
  } catch (err) {
    // An arena that cannot grow any more: stop with a message instead of an internal error.
    if (err instanceof RangeError) {
      throw new UsageError(`the enumeration ran out of memory (${err.message}): use --max-regions N`);
    }
    throw err;
  }
  if (typeof e === 'string') throw new UsageError(e);
  if (stream && detail && e.complete) for (const r of e.regions) stream.add(r.polygon, r.pattern, r.area);
  return planeReport(net, window, e, detail, stream);
}

/** Run `regions` with the arguments after the subcommand; returns the exit status. */
export function runRegions(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, REGIONS_OPTIONS);
  const net = loadModelArgument('regions', args.positionals, io);
  const oneD = net.inputDim === 1;
  const windowText = args.values.get('window');
  const planeText = args.values.get('plane');
  const { plane } = loadPlane(planeText, net.inputDim);
  let window: Window;
  if (windowText === 'all') {
    // The whole input plane: a window that holds every vertex of the arrangement.
    const w = wholePlaneWindow(net, plane);
    if (typeof w === 'string') throw new UsageError(`--window all: ${w}`);
    window = w;
  } else {
    window = loadWindow(windowText, oneD);
    if (plane !== undefined) window.plane = plane;
  }
  const maxText = args.values.get('max-regions');
  const max = maxText === undefined ? undefined : parseInteger(maxText, '--max-regions', 1, 2 ** 31);
  const req = analysisRequest(args, net);
  if (req.tile) return runTile(net, window, req, max, args.flags.has('json'), io);
  const wantsAnalysis = req.stats || req.graph !== null || req.disc !== null;
  const stream = wantsAnalysis
    ? new RegionAccumulator(windowScale(window), req.disc ?? undefined)
    : undefined;
  const report = regionsReport(net, window, args.flags.has('detail'), max, stream);
  if (stream) {
    if (!report.complete) {
      throw new UsageError(
        `--stats, --graph and --disc need the whole enumeration: --max-regions ${max} stopped it at ${report.regions} regions`,
      );
    }
    Object.assign(report, applyAnalysis(req, stream.analysis(), io));
  }
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const w = report.window;
  const rows: [string, string][] = [
    [
      oneD ? 'intervals' : 'regions',
      `${report.regions}${report.complete ? '' : ' (stopped early by --max-regions)'}`,
    ],
    ['vertices', String(report.vertices)],
    ['edges', report.edges === null ? 'unknown (stopped early)' : String(report.edges)],
    [
      oneD ? 'length' : 'area',
      oneD
        ? `${fmt(report.area)} of [${fmt(w.x0)}, ${fmt(w.x1)}]`
        : `${fmt(report.area)} of [${fmt(w.x0)}, ${fmt(w.x1)}] x [${fmt(w.y0!)}, ${fmt(w.y1!)}]`,
    ],
  ];
  const b = report.bounds;
  const bounds = [
    b.zaslavsky === null ? null : `Zaslavsky ${b.zaslavsky}`,
    b.serra === null ? null : `Serra ${fmt(b.serra)}`,
    `Montufar ${fmt(b.montufar)}`,
  ].filter((x) => x !== null);
  rows.push(['upper bounds', bounds.join(', ')]);
  const pr = report.precision;
  if (pr) {
    const dd = pr.doubleDoubleLayers;
    const how =
      dd >= pr.layers
        ? 'double-double'
        : `${dd > 0 ? `double-double in ${dd} of ${pr.layers} layers, then ` : ''}float64${pr.spectralBound ? ' with the spectral bound' : ''}`;
    rows.push(['signs', `${how}; ${pr.exactDecisions} decided exactly`]);
  }
  const a = report.areaStats;
  if (a) {
    rows.push([
      oneD ? 'lengths' : 'areas',
      `min ${fmt(a.min)}, median ${fmt(a.median)}, mean ${fmt(a.mean)}, max ${fmt(a.max)}`,
    ]);
  }
  rows.push(...analysisRows(report));
  const out = [table(rows)];
  if (report.detail) {
    report.detail.forEach((d, k) => {
      const shape = d.interval
        ? `[${fmt(d.interval[0])}, ${fmt(d.interval[1])}]`
        : d.polygon!.map((p) => `(${fmt(p[0]!)}, ${fmt(p[1]!)})`).join(' ');
      const pattern = d.pattern
        .filter((_, l) => net.layers[l]!.activation !== 'linear')
        .map((s) => s.join(''))
        .join(' ');
      const maps = d.jacobian
        .map(
          (row, o) =>
            `f${o} = ${row.map((v, i) => `${fmt(v)}*${i === 0 ? 's' : 't'}`).join(' + ')} + ${fmt(d.offset[o]!)}`,
        )
        .join('; ');
      out.push(`region ${k}: pattern ${pattern || '-'}  area ${fmt(d.area)}  ${maps}\n  ${shape}\n`);
    });
  }
  io.stdout(out.join(''));
  return 0;
}
