/**
 * Activation-pattern analysis of an exact enumeration: a table of the regions (pattern, area, share,
 * affine map, |grad f|), a histogram of areas, per-neuron active shares with dead neurons, and the region
 * density against the number of neurons squared (Hanin and Rolnick, 2019: the number of regions a line or
 * a plane meets grows like the number of neurons to the power of its dimension, not exponentially).
 */
import { stateCount } from './activations.ts';
import { patternHashInto } from './forward.ts';
import { layerOffsets, type Network, nonlinearNeuronCount } from './model.ts';
import type { Region } from './regions.ts';

/** One row of the region table. */
export interface RegionRow {
  /** Index of the region in the enumeration. */
  index: number;
  /** The pattern hash as 16 hex digits (hi then lo word). */
  hash: string;
  /** The pattern, one digit per neuron, layers separated by '|' (output layer omitted when linear). */
  pattern: string;
  /** Area in (s, t) units. */
  area: number;
  /** Area divided by the window's area. */
  share: number;
  /** df/ds on the region (output `output`). */
  ds: number;
  /** df/dt on the region. */
  dt: number;
  /** f at (s, t) = (0, 0) of the region's affine map. */
  offset: number;
  /** |grad f| in plane coordinates. */
  gradNorm: number;
  /** Number of active neurons (state 1: the positive side; hardtanh: the linear middle). */
  active: number;
}

/** Columns {@link sortRows} can sort by. */
export type RowKey = 'index' | 'area' | 'share' | 'gradNorm' | 'active' | 'ds' | 'dt' | 'offset' | 'hash';

/** The rows of the regions of an enumeration of `net` over a window of area `windowArea`. */
export function regionRows(
  net: Network,
  regions: readonly Region[],
  windowArea: number,
  output = 0,
): RegionRow[] {
  const offs = layerOffsets(net);
  const words = new Uint32Array(2);
  return regions.map((r, index) => {
    patternHashInto(r.pattern, words);
    const parts: string[] = [];
    let active = 0;
    net.layers.forEach((L, l) => {
      if (stateCount(L.activation) === 1) return;
      let s = '';
      for (let j = offs[l]!; j < offs[l + 1]!; j++) {
        s += r.pattern[j]!;
        if (r.pattern[j] === 1) active++;
      }
      parts.push(s);
    });
    const ds = r.jacobian[2 * output] ?? Number.NaN;
    const dt = r.jacobian[2 * output + 1] ?? Number.NaN;
    return {
      index,
      hash: words[1]!.toString(16).padStart(8, '0') + words[0]!.toString(16).padStart(8, '0'),
      pattern: parts.join('|'),
      area: r.area,
      share: windowArea > 0 ? r.area / windowArea : 0,
      ds,
      dt,
      offset: r.offset[output] ?? Number.NaN,
      gradNorm: Math.hypot(ds, dt),
      active,
    };
  });
}

/** Sort `rows` in place by `key` (NaN last), descending when `descending`; returns `rows`. */
export function sortRows(rows: RegionRow[], key: RowKey, descending = false): RegionRow[] {
  const sign = descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return sign * (x - y) || a.index - b.index;
  });
}

/** A histogram of log10(area). */
export interface Histogram {
  /** Bin edges in log10(area) units (bins + 1 of them). */
  edges: number[];
  /** Count per bin. */
  counts: number[];
}

/**
 * Histogram of log10 of the positive areas in `bins` equal bins between the smallest and the largest
 * (one bin of width 1 when they are equal; no bins for an empty list).
 */
export function areaHistogram(areas: readonly number[], bins = 20): Histogram {
  const logs = areas.filter((a) => a > 0).map((a) => Math.log10(a));
  if (logs.length === 0) return { edges: [], counts: [] };
  let lo = Math.min(...logs);
  let hi = Math.max(...logs);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
    bins = 1;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const x of logs) counts[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]!++;
  return { edges, counts };
}

/** The activity of one neuron over the window. */
export interface NeuronActivity {
  /** Layer (0-based). */
  layer: number;
  /** Index in the layer. */
  index: number;
  /** Share of the window's area where the neuron is active (state 1). */
  activeShare: number;
  /** True when it is active nowhere in the window (dead here: it never passes a gradient). */
  dead: boolean;
  /** True when it is active everywhere in the window (it acts as a linear neuron here). */
  alwaysActive: boolean;
}

/**
 * Per-neuron active shares over the window, exactly (the sum of the areas of the regions where it is
 * active, divided by the total area of the regions), for every neuron of a non-linear layer. Empty when
 * there are no regions.
 */
export function neuronActivity(net: Network, regions: readonly Region[]): NeuronActivity[] {
  const offs = layerOffsets(net);
  const total = offs[offs.length - 1]!;
  const activeArea = new Float64Array(total);
  let area = 0;
  for (const r of regions) {
    area += r.area;
    for (let j = 0; j < total; j++) if (r.pattern[j] === 1) activeArea[j]! += r.area;
  }
  const out: NeuronActivity[] = [];
  if (regions.length === 0) return out;
  net.layers.forEach((L, l) => {
    if (stateCount(L.activation) === 1) return;
    for (let i = 0; i < L.outDim; i++) {
      const a = activeArea[offs[l]! + i]!;
      out.push({ layer: l, index: i, activeShare: a / area, dead: a === 0, alwaysActive: a === area });
    }
  });
  return out;
}

/** Region density against the number of neurons (Hanin and Rolnick). */
export interface Density {
  /** Neurons of the non-linear layers counted (N). */
  neurons: number;
  /** Regions per unit area (plane units). */
  perArea: number;
  /** count / N^2: bounded by a constant (times the area and the gradient scale) in their theorem. */
  perNeuronSquared: number;
  /** count / (1 + N + N(N - 1) / 2): the count over Zaslavsky's count for N lines in general position. */
  ofZaslavsky: number;
}

/** The density figures of `count` regions on `area` plane units, counting the first `layers` layers. */
export function regionDensity(
  net: Network,
  count: number,
  area: number,
  layers = net.layers.length,
): Density {
  const n = nonlinearNeuronCount({ ...net, layers: net.layers.slice(0, layers) });
  return {
    neurons: n,
    perArea: area > 0 ? count / area : 0,
    perNeuronSquared: n > 0 ? count / (n * n) : 0,
    ofZaslavsky: count / (1 + n + (n * (n - 1)) / 2),
  };
}
