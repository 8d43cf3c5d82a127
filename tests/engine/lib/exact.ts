/**
 * An independent exact enumeration of linear regions, in rational arithmetic, for the tests. It is a
 * different algorithm from the engine's: layer by layer, neuron by neuron, it clips convex polygons by
 * closed half-planes with exact rationals (Sutherland-Hodgman on one convex polygon), keeping only pieces
 * of positive area. A neuron whose pre-activation is constant on a piece takes its state from the exact
 * constant, as the model format says (z == 0 is "off"; hardtanh at -1 or 1 is "inside").
 * Also: the exact pieces of a network along a segment (1-D truth), and the vertex / edge counts of a
 * subdivision.
 */
import type { ActivationName } from '../../../src/engine/activations.ts';
import type { Network } from '../../../src/engine/model.ts';
import type { PlaneMap } from '../../../src/engine/plane.ts';
import {
  add,
  cmp,
  div,
  fromDouble,
  mul,
  neg,
  ONE,
  orient,
  type Q,
  type QPoint,
  q,
  sign,
  sub,
  twiceArea,
  ZERO,
} from './rational.ts';

/** An affine function a s + b t + c of the plane coordinates, exactly. */
export type Aff = readonly [Q, Q, Q];

/** One region found by {@link exactRegions}. */
export interface ExactRegion {
  /** Vertices counter-clockwise (possibly with collinear points). */
  polygon: QPoint[];
  /** One state per neuron of every layer (linear layers 0). */
  pattern: number[];
  /** The network outputs on the region as affine functions of (s, t). */
  outputs: Aff[];
  /** Twice the area. */
  twiceArea: Q;
}

interface Piece {
  polygon: QPoint[];
  pattern: number[];
  inputs: Aff[];
}

const MINUS_ONE = q(-1);

function evalAff(f: Aff, p: QPoint): Q {
  return add(add(mul(f[0], p[0]), mul(f[1], p[1])), f[2]);
}

/** Clip a convex polygon to { f >= 0 } (side 1) or { f <= 0 } (side -1); closed half-planes. */
function clip(poly: readonly QPoint[], f: Aff, side: 1 | -1): QPoint[] {
  const vals = poly.map((p) => (side === 1 ? evalAff(f, p) : neg(evalAff(f, p))));
  const out: QPoint[] = [];
  for (let i = 0; i < poly.length; i++) {
    const j = (i + 1) % poly.length;
    const P = poly[i]!;
    const R = poly[j]!;
    const vp = vals[i]!;
    const vr = vals[j]!;
    if (sign(vp) >= 0) out.push(P);
    if (sign(vp) * sign(vr) < 0) {
      const r = div(vp, sub(vp, vr));
      out.push([add(P[0], mul(r, sub(R[0], P[0]))), add(P[1], mul(r, sub(R[1], P[1])))]);
    }
  }
  return out;
}

function positive(poly: readonly QPoint[]): boolean {
  return poly.length >= 3 && sign(twiceArea(poly)) > 0;
}

/** The exact state of a neuron whose pre-activation is the constant c. */
function constantState(act: ActivationName, c: Q): number {
  if (act === 'hardtanh') return cmp(c, MINUS_ONE) < 0 ? 0 : cmp(c, ONE) > 0 ? 2 : 1;
  return sign(c) > 0 ? 1 : 0;
}

/** The cells of each state of a non-constant neuron z: [state, list of half-planes (f, side)]. */
function stateCells(act: ActivationName, z: Aff): Array<[number, Array<[Aff, 1 | -1]>]> {
  if (act === 'hardtanh') {
    const zp1: Aff = [z[0], z[1], add(z[2], ONE)];
    const zm1: Aff = [z[0], z[1], sub(z[2], ONE)];
    return [
      [0, [[zp1, -1]]],
      [
        1,
        [
          [zp1, 1],
          [zm1, -1],
        ],
      ],
      [2, [[zm1, 1]]],
    ];
  }
  return [
    [0, [[z, -1]]],
    [1, [[z, 1]]],
  ];
}

/** The exact [slope, intercept] of an activation in a state; `alpha` exact. */
function piece(act: ActivationName, state: number, alpha: Q): [Q, Q] {
  switch (act) {
    case 'relu':
      return [state === 1 ? ONE : ZERO, ZERO];
    case 'leaky_relu':
    case 'prelu':
      return [state === 1 ? ONE : alpha, ZERO];
    case 'abs':
      return [state === 1 ? ONE : MINUS_ONE, ZERO];
    case 'hardtanh':
      return state === 1 ? [ONE, ZERO] : [ZERO, state === 0 ? MINUS_ONE : ONE];
    case 'linear':
      return [ONE, ZERO];
  }
}

interface QLayer {
  W: Q[][];
  b: Q[];
  alpha: Q[];
}

function exactLayers(net: Network): QLayer[] {
  return net.layers.map((L) => ({
    W: Array.from({ length: L.outDim }, (_, j) =>
      Array.from({ length: L.inDim }, (_, i) => fromDouble(L.weights[j * L.inDim + i]!)),
    ),
    b: Array.from(L.bias, fromDouble),
    alpha: Array.from(L.alpha, fromDouble),
  }));
}

function preActivations(QL: QLayer, inputs: readonly Aff[]): Aff[] {
  return QL.W.map((row, j) => {
    let a = ZERO;
    let b = ZERO;
    let c = QL.b[j]!;
    row.forEach((w, i) => {
      if (w.n === 0n) return;
      const x = inputs[i]!;
      a = add(a, mul(w, x[0]));
      b = add(b, mul(w, x[1]));
      c = add(c, mul(w, x[2]));
    });
    return [a, b, c] as Aff;
  });
}

/**
 * Every region of `net` on the window [x0,x1] x [y0,y1] of (s, t), exactly, through the plane `map`
 * (float64 values, taken exactly). Throws when more than `limit` pieces appear (a runaway guard).
 */
export function exactRegions(
  net: Network,
  window: { x0: number; x1: number; y0: number; y1: number },
  map: PlaneMap,
  limit = 50_000,
): ExactRegion[] {
  const [x0, x1, y0, y1] = [window.x0, window.x1, window.y0, window.y1].map(fromDouble) as [Q, Q, Q, Q];
  const inputs: Aff[] = [];
  for (let i = 0; i < net.inputDim; i++) {
    inputs.push([fromDouble(map.ds[i]!), fromDouble(map.dt[i]!), fromDouble(map.origin[i]!)]);
  }
  let pieces: Piece[] = [
    {
      polygon: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
      pattern: [],
      inputs,
    },
  ];
  const QLs = exactLayers(net);
  net.layers.forEach((L, l) => {
    const QL = QLs[l]!;
    const next: Piece[] = [];
    for (const pc of pieces) {
      const z = preActivations(QL, pc.inputs);
      let cells: Array<{ polygon: QPoint[]; states: number[] }> = [{ polygon: pc.polygon, states: [] }];
      if (L.activation !== 'linear') {
        for (const zj of z) {
          const split: typeof cells = [];
          for (const cell of cells) {
            if (sign(zj[0]) === 0 && sign(zj[1]) === 0) {
              split.push({
                polygon: cell.polygon,
                states: [...cell.states, constantState(L.activation, zj[2])],
              });
              continue;
            }
            for (const [state, halves] of stateCells(L.activation, zj)) {
              let poly = cell.polygon;
              for (const [f, side] of halves) if (poly.length > 0) poly = clip(poly, f, side);
              if (positive(poly)) split.push({ polygon: poly, states: [...cell.states, state] });
            }
          }
          cells = split;
          if (cells.length + next.length > limit) throw new Error(`more than ${limit} pieces`);
        }
      } else cells[0]!.states = z.map(() => 0);
      for (const cell of cells) {
        const out = z.map((zj, j) => {
          const [m, k] = piece(L.activation, cell.states[j]!, QL.alpha[j]!);
          return [mul(m, zj[0]), mul(m, zj[1]), add(mul(m, zj[2]), k)] as Aff;
        });
        next.push({ polygon: cell.polygon, pattern: [...pc.pattern, ...cell.states], inputs: out });
      }
    }
    pieces = next;
  });
  return pieces.map((p) => ({
    polygon: p.polygon,
    pattern: p.pattern,
    outputs: p.inputs,
    twiceArea: twiceArea(p.polygon),
  }));
}

/** The strict corners of a polygon (collinear and repeated points dropped), in order. */
export function corners(polygon: readonly QPoint[]): QPoint[] {
  const poly = polygon.filter((p, i) => {
    const prev = polygon[(i + polygon.length - 1) % polygon.length]!;
    return cmp(p[0], prev[0]) !== 0 || cmp(p[1], prev[1]) !== 0;
  });
  const out: QPoint[] = [];
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const prev = poly[(i + n - 1) % n]!;
    const cur = poly[i]!;
    const nxt = poly[(i + 1) % n]!;
    if (orient(prev, cur, nxt) !== 0) out.push(cur);
  }
  return out;
}
