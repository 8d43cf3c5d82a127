/** The types of the region enumeration (regions.ts): a region, the options and the result. */

/**
 * One linear region: a convex polygon on which every neuron keeps one state and f is affine. Its typed arrays
 * are views of buffers shared by all regions of one enumeration (copy them with slice() to keep or send one).
 * The regions of an enumeration's result are one object each that makes these views when first read
 * (shared-region.ts): read their fields, do not spread them; shared-region.ts plainRegion gives plain data.
 */
export interface Region {
  /** Vertices [s0, t0, s1, t1, ...] counter-clockwise, in plane coordinates (may include collinear vertices). */
  polygon: Float64Array;
  /** One state per neuron of every layer (the same numbering as forward.ts). */
  pattern: Uint8Array;
  /**
   * The affine map in plane coordinates: f_k(s, t) = jacobian[2k] s + jacobian[2k+1] t + offset[k].
   * Empty when only the first `layers` layers were enumerated (f is then not affine on the region).
   */
  jacobian: Float64Array;
  /** Offsets of the affine map, one per output (empty like jacobian). */
  offset: Float64Array;
  /** Area in (s, t) units. */
  area: number;
  /** Centroid (s, t). */
  centroid: [number, number];
}

/** Options of enumerateRegions (regions.ts). */
export interface EnumerateOptions {
  /** Stop once more than this many regions exist; the result then has complete = false. */
  maxRegions?: number;
  /** Only the first `layers` layers define regions (partition after layer k). Default: all. */
  layers?: number;
  /** Called between faces with the number of faces so far; return true to cancel (complete = false). */
  shouldStop?: (facesSoFar: number) => boolean;
  /**
   * Keep only each region's area (result `areas`, in the order regions would come; `regions` empty): for counts
   * and area statistics, without building a region, its pattern or its maps. Ignored with onRegion.
   */
  areasOnly?: boolean;
  /**
   * With areasOnly: also each region's pattern hash (forward.ts patternHashInto over all neurons), in result
   * `hashes` in the order of `areas`: what tile summaries need (tiles.ts), without building regions.
   */
  patternHashes?: boolean;
  /** Receive each region as built instead of keeping it (result `regions` empty; polygon and maps its own). */
  onRegion?: (r: Region) => void;
  /**
   * Take the layer-wise subdivision even where the line-arrangement method of one hidden layer applies
   * (arrangement-regions.ts): for comparisons and benchmarks; the results are the same.
   */
  forceSubdivision?: boolean;
  /**
   * Compose the per-face maps in double-double (true) or float64 (false) instead of the automatic choice
   * (face-maps-dd.ts): for comparisons and benchmarks; the results are the same.
   */
  doubleDouble?: boolean;
}

/** The result of enumerateRegions (regions.ts). */
export interface Enumeration {
  /** Every region of the window (empty when the enumeration was stopped early). */
  regions: Region[];
  /** With the option areasOnly, the area of every region (a finished enumeration only). */
  areas?: Float64Array;
  /** With the option patternHashes, every region's pattern hash: words [lo, hi] at 2k, 2k + 1. */
  hashes?: Uint32Array;
  /** Number of regions; when complete is false, the number found so far (a lower bound). */
  count: number;
  /** Number of distinct vertices of the subdivision (window corners included). */
  vertices: number;
  /** Number of distinct edges of the subdivision (window boundary pieces included); when stopped early, of the
   * subdivision so far (vertices likewise). */
  edges: number;
  /** Sum of region areas in (s, t) units (equals the window's area when complete). */
  area: number;
  /** False when maxRegions or shouldStop stopped the enumeration early. */
  complete: boolean;
  /** Signs the float64 filter could not certify and exact arithmetic decided (exact-lines.ts). */
  exactDecisions: number;
  /** Whether the subdivision composed its maps in double-double (face-maps-dd.ts); absent on other paths. */
  doubleDouble?: boolean;
  /** How many of the first layers composed their maps in double-double (all of them when doubleDouble). */
  doubleDoubleLayers?: number;
  /**
   * Whether float64's tolerance took the spectral error bound as well as the bound m (face-error.ts);
   * absent on other paths.
   */
  spectralBound?: boolean;
}
