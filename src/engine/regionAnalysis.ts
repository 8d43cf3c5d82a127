/**
 * Statistics and the adjacency graph of all regions of one window, in one form whether they come from a
 * single enumeration ({@link analyseRegions}) or from merged tiles (regionMerge.ts), and the distributions
 * that `regions --stats` and `merge --stats` print ({@link summariseAnalysis}).
 */
import { patternKey, type RegionEdge, regionDegrees, regionGraph } from './regionGraph.ts';
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
 * Statistics, graph and (when `disc` is given) disc test of the regions of one enumeration; `scale` is the
 * window's ({@link windowScale}). The regions' own areas are used when `areas` is given.
 */
export function analyseRegions(
  regions: readonly AnalysedRegion[],
  scale: number,
  disc?: Disc,
  areas?: ArrayLike<number>,
): RegionAnalysis {
  const stats: RegionStats[] = [];
  const keys: string[] = [];
  const meetsDisc: boolean[] | null = disc ? [] : null;
  for (let k = 0; k < regions.length; k++) {
    const r = regions[k]!;
    const s = polygonStats(r.polygon, scale);
    if (areas) s.area = areas[k]!;
    stats.push(s);
    keys.push(patternKey(r.pattern));
    if (meetsDisc && disc) meetsDisc.push(polygonMeetsDisc(r.polygon, disc.x, disc.y, disc.r));
  }
  return {
    keys,
    stats,
    meetsDisc,
    edges: regionGraph(regions),
    neurons: regions[0]?.pattern.length ?? 0,
  };
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
