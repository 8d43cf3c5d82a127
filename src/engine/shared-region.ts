/**
 * The regions of one finished enumeration as one object each (region-build.ts, arrangement-faces.ts): a
 * region keeps its area, its centroid's coordinates and its index into buffers that all regions of the
 * enumeration share, and makes the views of its polygon, pattern and maps when they are first read.
 *
 * Why: a region made of plain data is six heap objects (itself, four typed-array views and the centroid's
 * array), and every one of them survives to be copied by the young generation's collections. On
 * 2 -> 512 -> 1 (116,355 regions) the views alone took a third of the enumeration. Most readers of a large
 * enumeration read a few fields of each region (areas, patterns), or none (counts).
 *
 * A shared region is read like any Region. It is not structured-clonable data (its getters live on its
 * class): {@link plainRegion} makes the plain object that crosses to a worker.
 */
import type { Region } from './regionTypes.ts';

/** Patterns kept packed: region k's states as an array of its own. */
export interface PackedPatterns {
  pattern(k: number): Uint8Array;
}

/** The buffers the regions of one enumeration view. */
export interface RegionStore {
  /** Every polygon's vertices, one polygon after another: region k's at coords[2 starts[k] .. 2 starts[k + 1]). */
  coords: Float64Array;
  starts: Int32Array;
  /** Region k's pattern: patterns[at .. at + nNeurons) with at = patternAt[k], or k nNeurons without patternAt. */
  patterns: Uint8Array;
  patternAt: Int32Array | null;
  /**
   * Or the patterns packed (arrangement-faces.ts FacePatterns: bits for two-state activations): region k's
   * pattern is then an array of its own, unpacked when first read.
   */
  packed: PackedPatterns | null;
  nNeurons: number;
  /** Region k's maps at 3 nOut k: its jacobian (2 nOut numbers), then its offsets (nOut). */
  maps: Float64Array;
  /** Outputs of the maps; 0 when the regions have none (only the first layers enumerated). */
  nOut: number;
  /** Region k's centroid at 2k, 2k + 1. */
  centroids: Float64Array;
}

const EMPTY = new Float64Array(0);

/** The views of a shared region, made when one of them is first read. */
interface Views {
  polygon: Float64Array | null;
  pattern: Uint8Array | null;
  jacobian: Float64Array | null;
  offset: Float64Array | null;
  centroid: [number, number] | null;
}

/** One region of a {@link RegionStore}: see the module comment. */
export class SharedRegion implements Region {
  /** Area in (s, t) units. */
  readonly area: number;
  private readonly store: RegionStore;
  private readonly k: number;
  // Four fields: the object is what every region of a large enumeration costs the collector.
  private views: Views | null = null;

  constructor(store: RegionStore, k: number, area: number) {
    this.store = store;
    this.k = k;
    this.area = area;
  }

  get polygon(): Float64Array {
    const v = this.viewsOf();
    if (v.polygon === null) {
      const { coords, starts } = this.store;
      const s = starts[this.k]!;
      v.polygon = new Float64Array(coords.buffer, coords.byteOffset + 16 * s, 2 * (starts[this.k + 1]! - s));
    }
    return v.polygon;
  }

  get pattern(): Uint8Array {
    const v = this.viewsOf();
    if (v.pattern === null) {
      const { patterns, patternAt, packed, nNeurons } = this.store;
      if (packed !== null) v.pattern = packed.pattern(this.k);
      else {
        const at = patternAt === null ? this.k * nNeurons : patternAt[this.k]!;
        v.pattern = new Uint8Array(patterns.buffer, patterns.byteOffset + at, nNeurons);
      }
    }
    return v.pattern;
  }

  get jacobian(): Float64Array {
    const v = this.viewsOf();
    if (v.jacobian === null) v.jacobian = this.mapView(0, 2);
    return v.jacobian;
  }

  get offset(): Float64Array {
    const v = this.viewsOf();
    if (v.offset === null) v.offset = this.mapView(2, 1);
    return v.offset;
  }

  get centroid(): [number, number] {
    const v = this.viewsOf();
    if (v.centroid === null) {
      const c = this.store.centroids;
      v.centroid = [c[2 * this.k]!, c[2 * this.k + 1]!];
    }
    return v.centroid;
  }

  private viewsOf(): Views {
    if (this.views === null)
      this.views = { polygon: null, pattern: null, jacobian: null, offset: null, centroid: null };
    return this.views;
  }

  /** The view of `per` numbers per output from the (from nOut)-th number of the region's maps. */
  private mapView(from: number, per: number): Float64Array {
    const { maps, nOut } = this.store;
    if (nOut === 0) return EMPTY;
    const at = 3 * nOut * this.k + from * nOut;
    return new Float64Array(maps.buffer, maps.byteOffset + 8 * at, per * nOut);
  }
}

/** The region as plain data (what crosses to another thread by structured clone); views of the same buffers. */
export function plainRegion(r: Region): Region {
  const { polygon, pattern, jacobian, offset, area, centroid } = r;
  return { polygon, pattern, jacobian, offset, area, centroid: [centroid[0], centroid[1]] };
}
