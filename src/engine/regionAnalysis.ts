/**
 * Statistics and the adjacency graph of all regions of one window, in one form whether they come from a
 * single enumeration ({@link analyseRegions}) or from merged tiles (regionMerge.ts), and the distributions
 * that `regions --stats` and `merge --stats` print ({@link summariseAnalysis}).
 */
import { GraphBuilder, patternKey, type RegionEdge, regionDegrees } from './regionGraph.ts';
import {
  type IntegerDistribution,
  integerDistribution,
  polygonMeetsDisc,
  polygonStats,
  type Quantiles,
  quantiles,
  type RegionStats,
} from './regionStats.ts';

/** A disc of the plane: centre (x, y) and radius r > 0, in window units. */
export interface Disc {
  x: number;
  y: number;
  r: number;
}

/** The regions of a window with their statistics and graph. */
export interface RegionAnalysis {
  /** The pattern key of each region (regionGraph.ts patternKey); node i of the graph is region i. */
  keys: string[];
  /** The statistics of each region. */
  stats: RegionStats[];
  /** Per region, whether it meets the disc in a set of positive area (null when no disc was asked for). */
  meetsDisc: boolean[] | null;
  /** The adjacency graph (regions sharing a segment of positive length). */
  edges: RegionEdge[];
  /** Neurons per pattern. */
  neurons: number;
}

/**
 * The size of a window for the tolerances of regionStats.ts: the largest of its width, height and the
 * magnitudes of its coordinates.
 */
export function windowScale(w: { x0: number; x1: number; y0: number; y1: number }): number {
  return Math.max(Math.abs(w.x0), Math.abs(w.x1), Math.abs(w.y0), Math.abs(w.y1), w.x1 - w.x0, w.y1 - w.y0);
}

/** What {@link analyseRegions} reads of each region. */
export interface AnalysedRegion {
  /** Counter-clockwise vertices [s0, t0, ...] (collinear vertices allowed). */
  polygon: ArrayLike<number>;
  /** One state per neuron. */
  pattern: ArrayLike<number>;
}

/**
 * Statistics, graph and disc test accumulated one region at a time ({@link RegionAccumulator.add}), keeping of
 * each region its statistics, its pattern key and its vertex ids but not its polygon: the consumer of
 * enumerateRegions' `onRegion`, so that `--stats` needs no list of all regions.
 */
export class RegionAccumulator {
  private readonly graph = new GraphBuilder();
  private readonly stats: RegionStats[] = [];
  private readonly meetsDisc: boolean[] | null;
  private neurons = 0;

  /** Accumulate regions of a window of size `scale` ({@link windowScale}), tested against `disc` if given. */
  constructor(
    private readonly scale: number,
    private readonly disc?: Disc,
  ) {
    this.meetsDisc = disc ? [] : null;
  }

  /** Add the next region (its area as the engine measured it, or the polygon's when not given). */
  add(polygon: ArrayLike<number>, pattern: ArrayLike<number>, area?: number): void {
    const s = polygonStats(polygon, this.scale);
    if (area !== undefined) s.area = area;
    this.stats.push(s);
    this.graph.add(polygon, patternKey(pattern));
    this.neurons = pattern.length;
    const d = this.disc;
    if (this.meetsDisc && d) this.meetsDisc.push(polygonMeetsDisc(polygon, d.x, d.y, d.r));
  }

  /** The number of regions added. */
  get count(): number {
    return this.stats.length;
  }

  /** The areas of the regions added, in order. */
  areas(): number[] {
    return this.stats.map((s) => s.area);
  }

  /** The analysis of the regions added. */
  analysis(): RegionAnalysis {
    return {
      keys: this.graph.keys,
      stats: this.stats,
      meetsDisc: this.meetsDisc,
      edges: this.graph.edges(),
      neurons: this.neurons,
    };
  }
}

/**
 * Statistics, graph and (when `disc` is given) disc test of the regions of one enumeration; `scale` is the
 * window's ({@link windowScale}). The regions' own areas are used when `areas` is given.
 */
export function analyseRegions(
  regions: readonly AnalysedRegion[],
  scale: number,
  disc?: Disc,
  areas?: ArrayLike<number>,
): RegionAnalysis {
  const acc = new RegionAccumulator(scale, disc);
  for (let k = 0; k < regions.length; k++) acc.add(regions[k]!.polygon, regions[k]!.pattern, areas?.[k]);
  return acc.analysis();
}

/** The distributions printed by `--stats`. */
export interface StatsSummary {
  /** Number of regions. */
  regions: number;
  /** Number of edges of the adjacency graph. */
  graphEdges: number;
  /** Region areas (square window units). */
  area: Quantiles;
  /** Region perimeters (window units). */
  perimeter: Quantiles;
  /** Inradii (window units). */
  inradius: Quantiles;
  /** Eccentricities (0 for round regions, toward 1 for long thin ones). */
  eccentricity: Quantiles;
  /** Corners per region. */
  vertices: IntegerDistribution;
  /** Neighbours per region (degree in the adjacency graph). */
  degree: IntegerDistribution;
  /** Neurons that switch across a graph edge (1 unless neurons coincide). */
  switched: IntegerDistribution;
}

/** The distributions of an analysis (see {@link StatsSummary}). */
export function summariseAnalysis(a: RegionAnalysis): StatsSummary {
  const n = a.stats.length;
  const pick = (f: (s: RegionStats) => number) => Float64Array.from(a.stats, f);
  return {
    regions: n,
    graphEdges: a.edges.length,
    area: quantiles(pick((s) => s.area)),
    perimeter: quantiles(pick((s) => s.perimeter)),
    inradius: quantiles(pick((s) => s.inradius)),
    eccentricity: quantiles(pick((s) => s.eccentricity)),
    vertices: integerDistribution(pick((s) => s.vertices)),
    degree: integerDistribution(regionDegrees(n, a.edges)),
    switched: integerDistribution(Float64Array.from(a.edges, (e) => e.neurons.length)),
  };
}

/** The number of regions that meet the disc (0 when no disc was asked for). */
export function discCount(a: RegionAnalysis): number {
  let c = 0;
  for (const m of a.meetsDisc ?? []) if (m) c++;
  return c;
}
