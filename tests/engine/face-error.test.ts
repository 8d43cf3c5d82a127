/**
 * The spectral error bound of the float64 composition (src/engine/face-error.ts) against the truth: the
 * spectral norm bound against a long power iteration, and the bound of each layer's maps, first piece and
 * siblings, against the maps composed in rational arithmetic through the same patterns.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { placeLayers } from '../../src/engine/affine-wasm.ts';
import {
  errorNorms,
  firstPieceError,
  inputError,
  mapsNorm,
  siblingError,
  spectralBound,
} from '../../src/engine/face-error.ts';
import { affineLayer, prepareLayer, STRIDE } from '../../src/engine/face-maps.ts';
import { inputMaps } from '../../src/engine/face-maps-dd.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { addState, packedBytes } from '../../src/engine/packed-states.ts';
import { firstPieceMaps, siblingMaps } from '../../src/engine/piece-maps.ts';
import { planeMap } from '../../src/engine/plane.ts';
import { Rng } from '../../src/engine/rng.ts';
import { add, fromDouble, mul, type Q, sub, toNumber, ZERO } from './lib/rational.ts';

const S = STRIDE;

/** ||w||_2 by 2000 steps of power iteration on w^T w (a lower bound, accurate to many digits here). */
function powerNorm(w0: Float64Array, rows: number, cols: number): number {
  let big = 0;
  for (const v of w0) big = Math.max(big, Math.abs(v));
  if (big === 0) return 0;
  const w = w0.map((v) => v / big);
  let x = new Float64Array(cols).map((_, i) => 1 + 0.1 * Math.sin(i + 1));
  let s = 0;
  for (let it = 0; it < 2000; it++) {
    const y = new Float64Array(rows);
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) y[j] = y[j]! + w[j * cols + i]! * x[i]!;
    const z = new Float64Array(cols);
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) z[i] = z[i]! + w[j * cols + i]! * y[j]!;
    const nz = Math.hypot(...z);
    if (nz === 0) return 0;
    s = Math.sqrt(nz / Math.hypot(...x));
    x = z.map((v) => v / nz);
  }
  return s * big;
}

describe('spectralBound', () => {
  const rng = new Rng(5);
  const gauss = () => rng.normal();
  const cases: Array<[string, number, number, (j: number, i: number) => number]> = [
    ['square Gaussian', 40, 40, () => gauss()],
    ['tall', 60, 12, () => gauss()],
    ['wide', 7, 50, () => gauss()],
    ['rank one', 20, 30, (j, i) => (j + 1) * Math.cos(i)],
    ['repeated singular values', 16, 16, (j, i) => (j === i ? 3 : 0)],
    ['one column', 9, 1, (j) => j - 4],
    ['tiny entries', 12, 12, () => 1e-150 * gauss()],
    ['large entries', 12, 12, () => 1e200 * gauss()],
    ['subnormal entries', 6, 6, (j, i) => (j === i ? 1 : 1e-310)],
  ];
  for (const [name, rows, cols, f] of cases) {
    it(`bounds ||W||_2 from above and within 25%: ${name}`, () => {
      const w = new Float64Array(rows * cols);
      for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) w[j * cols + i] = f(j, i);
      const truth = powerNorm(w, rows, cols);
      const b = spectralBound(w, rows, cols);
      expect(b).toBeGreaterThanOrEqual(truth * (1 - 1e-12));
      expect(b).toBeLessThanOrEqual(truth * 1.25);
    });
  }
  it('is zero for a zero matrix and infinite where the products overflow', () => {
    expect(spectralBound(new Float64Array(6), 2, 3)).toBe(0);
    expect(spectralBound(new Float64Array([1.7e308, 1.7e308, 1.7e308, 1.7e308]), 2, 2)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});

/** A layer's piece of state s for one neuron, exactly: slope and intercept as rationals. */
function exactPiece(act: ActivationName, alpha: number, s: number): [Q, Q] {
  const one = fromDouble(1);
  if (act === 'relu') return [s === 1 ? one : ZERO, ZERO];
  if (act === 'abs') return [s === 1 ? one : fromDouble(-1), ZERO];
  if (act === 'leaky_relu' || act === 'prelu') return [s === 1 ? one : fromDouble(alpha), ZERO];
  if (act === 'hardtanh') return s === 1 ? [one, ZERO] : [ZERO, fromDouble(s === 0 ? -1 : 1)];
  return [one, ZERO];
}

type Maps = Q[][]; // per neuron [u, v, c]

/** W piece(z) + b exactly, through the states `pat` of layer l (the pieces of layer l, the weights of l + 1). */
function exactNext(net: Network, l: number, z: Maps, pat: Uint8Array): Maps {
  const L = net.layers[l]!;
  const h = z.map((row, j) => {
    const [s, t] = exactPiece(L.activation, L.alpha[j]!, pat[j]!);
    return [mul(s, row[0]!), mul(s, row[1]!), add(mul(s, row[2]!), t)];
  });
  const N = net.layers[l + 1]!;
  const out: Maps = [];
  for (let j = 0; j < N.outDim; j++) {
    const acc = [ZERO, ZERO, fromDouble(N.bias[j]!)];
    for (let i = 0; i < N.inDim; i++) {
      const w = N.weights[j * N.inDim + i]!;
      if (w === 0 || (h[i]![0]!.n === 0n && h[i]![1]!.n === 0n && h[i]![2]!.n === 0n)) continue;
      const wq = fromDouble(w);
      for (let c = 0; c < 3; c++) acc[c] = add(acc[c]!, mul(wq, h[i]![c]!));
    }
    out.push(acc);
  }
  return out;
}

/** ||computed - exact||_F, rounded to float64 (accurate to a few ulps). */
function errorOf(f: Float64Array, o: number, exact: Maps): number {
  let s = 0;
  exact.forEach((row, j) => {
    for (let c = 0; c < 3; c++) {
      const d = toNumber(sub(fromDouble(f[o + S * j + c]!), row[c]!));
      s += d * d;
    }
  });
  return Math.sqrt(s);
}

describe('the spectral bound of the composed maps', () => {
  const cases: Array<{ act: ActivationName; W: number; L: number; win: [number, number, number, number] }> = [
    { act: 'relu', W: 24, L: 12, win: [-4, 4, -4, 4] },
    { act: 'relu', W: 16, L: 10, win: [1e6 - 1e-3, 1e6 + 1e-3, -2e6, -2e6 + 1e-3] },
    { act: 'leaky_relu', W: 20, L: 8, win: [-1e-9, 3e-9, -2, 2] },
    { act: 'hardtanh', W: 16, L: 8, win: [-3, 5, -2, 2] },
    { act: 'abs', W: 12, L: 8, win: [-1e3, 1e3, -1e3, 1e3] },
  ];
  for (const c of cases) {
    it(`holds for every layer, first piece and siblings: ${c.act} 2 -> ${c.W} x ${c.L}`, () => {
      const net = initNetwork({
        widths: [2, ...Array(c.L).fill(c.W), 1],
        activation: c.act,
        init: 'he',
        seed: 3,
      });
      const [x0, x1, y0, y1] = c.win;
      const window = { x0, x1, y0, y1 };
      const map = planeMap(2, undefined);
      if (typeof map === 'string') throw new Error(map);
      const prepared = net.layers.map(prepareLayer);
      placeLayers(prepared, false);
      const N = errorNorms(
        net,
        prepared.map((P) => P.pieces),
      );
      const h0 = inputMaps(map, window, false);
      let z = new Float64Array(S * c.W);
      affineLayer(prepared[0]!, h0, z, 0);
      let e = inputError(N, h0, S);
      // The exact input maps: x = x0 + (x1 - x0) u, y = y0 + (y1 - y0) v.
      const X = [
        [sub(fromDouble(x1), fromDouble(x0)), ZERO, fromDouble(x0)],
        [ZERO, sub(fromDouble(y1), fromDouble(y0)), fromDouble(y0)],
      ];
      const L0 = net.layers[0]!;
      let exact: Maps = [];
      for (let j = 0; j < L0.outDim; j++) {
        const acc = [ZERO, ZERO, fromDouble(L0.bias[j]!)];
        for (let i = 0; i < 2; i++)
          for (let k = 0; k < 3; k++)
            acc[k] = add(acc[k]!, mul(fromDouble(L0.weights[j * 2 + i]!), X[i]![k]!));
        exact.push(acc);
      }
      expect(errorOf(z, 0, exact)).toBeLessThanOrEqual(e);
      const rng = new Rng(11);
      const rand = () => rng.next();
      const states = net.layers[0]!.activation === 'hardtanh' ? 3 : 2;
      let ratio = 0;
      for (let l = 0; l + 2 < net.layers.length; l++) {
        const n = net.layers[l]!.outDim;
        const pat = new Uint8Array(2 * n);
        for (let j = 0; j < n; j++) pat[j] = Math.floor(rand() * states);
        pat.copyWithin(n, 0, n);
        const k = 1 + Math.floor(rand() * 3);
        for (let t = 0; t < k; t++) {
          const j = Math.floor(rand() * n);
          pat[n + j] = (pat[j]! + 1 + Math.floor(rand() * (states - 1))) % states;
        }
        const next = prepared[l + 1]!;
        const ref = new Float64Array(S * next.layer.outDim);
        // The walk's patterns are packed, two bits per neuron.
        const slots = new Uint8Array(packedBytes(2 * n));
        for (let j = 0; j < 2 * n; j++) addState(slots, j, pat[j]!);
        const hss = firstPieceMaps(prepared[l]!.pieces, z, n, slots, 0, next, ref);
        const zNorm = mapsNorm(z, 0, n, S);
        const eRef = firstPieceError(N, l, e, zNorm, Math.sqrt(hss) * (1 + 2 ** -30));
        const sib = new Float64Array(ref.length);
        const dss = siblingMaps(prepared[l]!.pieces, z, n, slots, n, 0, next, ref, sib, 0);
        const eSib = siblingError(
          N,
          l,
          eRef,
          mapsNorm(ref, 0, next.layer.outDim, S),
          k,
          Math.sqrt(dss) * (1 + 2 ** -30),
        );
        const exRef = exactNext(net, l, exact, pat.subarray(0, n));
        const exSib = exactNext(net, l, exact, pat.subarray(n));
        const errRef = errorOf(ref, 0, exRef);
        const errSib = errorOf(sib, 0, exSib);
        expect(errRef, `layer ${l + 1}, first piece`).toBeLessThanOrEqual(eRef);
        expect(errSib, `layer ${l + 1}, sibling`).toBeLessThanOrEqual(eSib);
        ratio = Math.max(ratio, errSib / eSib, errRef / eRef);
        // Go on from the sibling or the first piece.
        const takeSib = rand() < 0.5;
        z = takeSib ? sib : ref;
        e = takeSib ? eSib : eRef;
        exact = takeSib ? exSib : exRef;
      }
      // The bound is an upper bound, not a wild one: the largest error reaches a visible part of it.
      expect(ratio).toBeGreaterThan(1e-6);
    }, 60_000);
  }
});
