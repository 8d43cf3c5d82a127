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

/** The buffers the regions of one enumeration view. */
export interface RegionStore {
  /** Every polygon's vertices, one polygon after another: region k's at coords[2 starts[k] .. 2 starts[k + 1]). */
  coords: Float64Array;
  starts: Int32Array;
  /** Region k's pattern: patterns[at .. at + nNeurons) with at = patternAt[k], or k nNeurons without patternAt. */
  patterns: Uint8Array;
  patternAt: Int32Array | null;
  /**
   * Or, for two-state activations, region k's pattern as bits: neuron j's state is bit j & 31 of word
   * k ceil(nNeurons / 32) + (j >> 5). Its pattern is then an array of its own, unpacked when first read.
   */
  bits: Uint32Array | null;
  nNeurons: number;
  /** Region k's maps at mapAt + 3 nOut k: its jacobian (2 nOut numbers), then its offsets (nOut). */
  maps: Float64Array;
  mapAt: number;
  /** Outputs of the maps; 0 when the regions have none (only the first layers enumerated). */
  nOut: number;
}

const EMPTY = new Float64Array(0);

/** One region of a {@link RegionStore}: see the module comment. */
export class SharedRegion implements Region {
  /** Area in (s, t) units. */
  readonly area: number;
  private readonly store: RegionStore;
  private readonly k: number;
  private readonly cs: number;
  private readonly ct: number;
  private polygonView: Float64Array | null = null;
  private patternView: Uint8Array | null = null;
  private jacobianView: Float64Array | null = null;
  private offsetView: Float64Array | null = null;
  private centroidPair: [number, number] | null = null;

  constructor(store: RegionStore, k: number, area: number, cs: number, ct: number) {
    this.store = store;
    this.k = k;
    this.area = area;
    this.cs = cs;
    this.ct = ct;
  }

  get polygon(): Float64Array {
    if (this.polygonView === null) {
      const { coords, starts } = this.store;
      const s = starts[this.k]!;
      this.polygonView = new Float64Array(
        coords.buffer,
        coords.byteOffset + 16 * s,
        2 * (starts[this.k + 1]! - s),
      );
    }
    return this.polygonView;
  }

  get pattern(): Uint8Array {
    if (this.patternView === null) {
      const { patterns, patternAt, bits, nNeurons } = this.store;
      if (bits !== null) {
        const p = new Uint8Array(nNeurons);
        const w0 = this.k * ((nNeurons + 31) >> 5);
        for (let j = 0; j < nNeurons; j++) p[j] = (bits[w0 + (j >> 5)]! >>> (j & 31)) & 1;
        this.patternView = p;
      } else {
        const at = patternAt === null ? this.k * nNeurons : patternAt[this.k]!;
        this.patternView = new Uint8Array(patterns.buffer, patterns.byteOffset + at, nNeurons);
      }
    }
    return this.patternView;
  }

  get jacobian(): Float64Array {
    if (this.jacobianView === null) this.jacobianView = this.mapView(0, 2);
    return this.jacobianView;
  }

  get offset(): Float64Array {
    if (this.offsetView === null) this.offsetView = this.mapView(2, 1);
    return this.offsetView;
  }

  get centroid(): [number, number] {
    if (this.centroidPair === null) this.centroidPair = [this.cs, this.ct];
    return this.centroidPair;
  }

  /** The view of `per` numbers per output from the (from nOut)-th number of the region's maps. */
  private mapView(from: number, per: number): Float64Array {
    const { maps, mapAt, nOut } = this.store;
    if (nOut === 0) return EMPTY;
    const at = mapAt + 3 * nOut * this.k + from * nOut;
    return new Float64Array(maps.buffer, maps.byteOffset + 8 * at, per * nOut);
  }
}

/** The region as plain data (what crosses to another thread by structured clone); views of the same buffers. */
export function plainRegion(r: Region): Region {
  const { polygon, pattern, jacobian, offset, area, centroid } = r;
  return { polygon, pattern, jacobian, offset, area, centroid: [centroid[0], centroid[1]] };
}
