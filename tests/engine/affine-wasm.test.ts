/**
 * The WebAssembly kernels (src/engine/affine-wasm.ts): W h + b in float64 and double-double, and the columns
 * that turn the first piece's maps into a sibling's, compute the numbers of the JavaScript loops bit for bit
 * (the enumeration's exactness rests on those loops' error bounds); they take over only the layers of the
 * latest placement, and the enumeration gives the very same regions with them and without them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  placeLayers,
  runColumnsWasm,
  useWasmAffine,
  wasmAffineAvailable,
  wasmColumns,
} from '../../src/engine/affine-wasm.ts';
import { sumMaps } from '../../src/engine/face-error.ts';
import {
  addColumn,
  affineLayer,
  affineLayerJs,
  affineLayerWasm,
  prepareLayer,
  STRIDE,
  splitWeights,
} from '../../src/engine/face-maps.ts';
import { affineLayerDD } from '../../src/engine/face-maps-dd.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { dropSums, takeSums } from '../../src/engine/kernel-sums.ts';
import type { Layer } from '../../src/engine/model.ts';
import { affineLayerWasmDD } from '../../src/engine/piece-maps-dd.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { expectSameRegions } from './lib/checks.ts';

afterEach(() => {
  useWasmAffine(true);
});

/** A layer with weights of many magnitudes and signs (some zero). */
function layer(inDim: number, outDim: number, rng: Rng): Layer {
  const w = new Float64Array(inDim * outDim);
  for (let k = 0; k < w.length; k++) {
    const r = rng.next();
    w[k] = r < 0.1 ? 0 : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6);
  }
  const b = new Float64Array(outDim).map(() => rng.next() - 0.5);
  return {
    inDim,
    outDim,
    weights: w,
    bias: b,
    activation: 'relu',
    alpha: new Float64Array(outDim),
  };
}

/** Input maps: inactive inputs (all zero), ordinary, subnormal, huge (products overflow) and infinite. */
function inputs(inDim: number, rng: Rng): Float64Array {
  const h = new Float64Array(STRIDE * inDim);
  for (let i = 0; i < inDim; i++) {
    const kind = Math.floor(rng.next() * 6);
    for (let c = 0; c < 4; c++) {
      const x = rng.next() - 0.5;
      h[STRIDE * i + c] =
        kind === 0
          ? 0
          : kind === 1
            ? x * 1e-310
            : kind === 2
              ? x * 1e306
              : kind === 3 && c === 2
                ? -Infinity
                : x;
    }
    if (kind !== 0) h[STRIDE * i + 3] = Math.abs(h[STRIDE * i + 3]!);
    // Low parts of the coefficients (double-double inputs): below an ulp of the high parts.
    for (let c = 0; c < 3; c++) h[STRIDE * i + 4 + c] = h[STRIDE * i + c]! * (rng.next() - 0.5) * 2 ** -53;
  }
  return h;
}

const SHAPES = [
  [1, 1],
  [2, 3],
  [7, 5],
  [64, 64],
  [33, 130],
  [130, 33],
] as const;

/** Compare a kernel with its JavaScript loop on every shape, 20 inputs each; returns the slots compared. */
function compare(
  dd: boolean,
  js: (P: ReturnType<typeof prepareLayer>, h: Float64Array, out: Float64Array, o: number) => void,
  wasm: typeof affineLayerWasm,
): number {
  const rng = new Rng(dd ? 11 : 7);
  let compared = 0;
  for (const [inDim, outDim] of SHAPES) {
    const P = prepareLayer(layer(inDim, outDim, rng));
    if (dd) splitWeights(P);
    placeLayers([P], dd);
    for (let t = 0; t < 20; t++) {
      const h = inputs(inDim, rng);
      const a = new Float64Array(STRIDE * outDim + 5).fill(7);
      const b = new Float64Array(STRIDE * outDim + 5).fill(7);
      js(P, h, a, 5);
      expect(wasm(P, h, STRIDE, b, 5)).toBe(true);
      for (let k = 0; k < a.length; k++) {
        if (!Object.is(a[k], b[k])) throw new Error(`${inDim}x${outDim}: slot ${k}: ${a[k]} vs ${b[k]}`);
      }
      compared += a.length;
    }
  }
  return compared;
}

describe('the WebAssembly kernel of W h + b', () => {
  it('compiles on this runtime (WebAssembly SIMD)', () => {
    expect(wasmAffineAvailable()).toBe(true);
  });

  it("gives the JavaScript loop's numbers bit for bit", () => {
    expect(compare(false, affineLayerJs, affineLayerWasm)).toBeGreaterThan(10_000);
  });

  it("gives the double-double loop's numbers bit for bit", () => {
    expect(compare(true, affineLayerDD, affineLayerWasmDD)).toBeGreaterThan(10_000);
    // A float64 placement does not serve double-double.
    const P = prepareLayer(layer(8, 8, new Rng(1)));
    placeLayers([P]);
    expect(affineLayerWasmDD(P, new Float64Array(STRIDE * 8), STRIDE, new Float64Array(STRIDE * 8), 0)).toBe(
      false,
    );
  });

  it("adds a sibling's columns to the first piece's maps as addColumn does, bit for bit", () => {
    const rng = new Rng(23);
    let compared = 0;
    for (const [inDim, outDim] of SHAPES) {
      const P = prepareLayer(layer(inDim, outDim, rng));
      placeLayers([P]);
      for (let t = 0; t < 10; t++) {
        // The first piece's maps: the kernel keeps its own copy of them.
        const first = new Float64Array(STRIDE * outDim);
        expect(affineLayerWasm(P, inputs(inDim, rng), STRIDE, first, 0)).toBe(true);
        const n = 1 + Math.floor(rng.next() * Math.min(inDim, 9));
        const at = wasmColumns(P)!;
        const want = first.slice();
        const d = inputs(n, rng);
        for (let a = 0; a < n; a++) {
          const i = Math.floor(rng.next() * inDim);
          const [du, dv, dc, dm] = [0, 1, 2, 3].map((c) => d[STRIDE * a + c]!);
          at.i32[at.idx + a] = 16 * outDim * i;
          at.f64.set([du!, dv!, dc!, dm!], at.d + 4 * a);
          addColumn(P, i, du!, dv!, dc!, dm!, want, 0);
        }
        const got = new Float64Array(STRIDE * outDim);
        runColumnsWasm(P, n, got, 0);
        for (let j = 0; j < outDim; j++)
          for (let c = 0; c < 4; c++) {
            const k = STRIDE * j + c;
            if (!Object.is(want[k], got[k])) throw new Error(`${inDim}x${outDim}, ${n} columns: slot ${k}`);
            compared++;
          }
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  it("leaves its rows' sums as sumMaps makes them, bit for bit, for the call that wrote them only", () => {
    const rng = new Rng(29);
    const want = new Float64Array(2);
    const got = new Float64Array(2);
    const same = (what: string) => {
      for (let c = 0; c < 2; c++) if (!Object.is(want[c], got[c])) throw new Error(`${what}: sum ${c}`);
    };
    let compared = 0;
    for (const [inDim, outDim] of SHAPES) {
      const P = prepareLayer(layer(inDim, outDim, rng));
      placeLayers([P]);
      for (let t = 0; t < 10; t++) {
        const out = new Float64Array(STRIDE * outDim + 3);
        dropSums();
        expect(affineLayerWasm(P, inputs(inDim, rng), STRIDE, out, 3)).toBe(true);
        // Only the destination written: another offset or array has no kernel sums.
        expect(takeSums(out, 0, got, 0)).toBe(false);
        expect(takeSums(out, 3, got, 0)).toBe(true);
        sumMaps(out, 3, outDim, want, 0);
        same(`W h + b ${inDim}x${outDim}`);
        // Taken once: a second take (or one after dropSums) finds none.
        expect(takeSums(out, 3, got, 0)).toBe(false);
        const n = 1 + Math.floor(rng.next() * Math.min(inDim, 5));
        const at = wasmColumns(P)!;
        const d = inputs(n, rng);
        for (let a = 0; a < n; a++) {
          at.i32[at.idx + a] = 16 * outDim * Math.floor(rng.next() * inDim);
          at.f64.set(d.subarray(STRIDE * a, STRIDE * a + 4), at.d + 4 * a);
        }
        const sib = new Float64Array(STRIDE * outDim);
        runColumnsWasm(P, n, sib, 0);
        dropSums();
        expect(takeSums(sib, 0, got, 0)).toBe(false);
        runColumnsWasm(P, n, sib, 0);
        expect(takeSums(sib, 0, got, 0)).toBe(true);
        sumMaps(sib, 0, outDim, want, 0);
        same(`columns ${inDim}x${outDim}`);
        compared += 2;
      }
    }
    expect(compared).toBe(2 * 10 * SHAPES.length);
    // Sums of m that are not finite where a map is not.
    const z = new Float64Array(STRIDE * 3).fill(1);
    z[STRIDE + 3] = Number.POSITIVE_INFINITY;
    sumMaps(z, 0, 3, want, 0);
    expect(want[1]).toBe(Number.POSITIVE_INFINITY);
  });

  it('serves only the latest placement; the others keep the JavaScript loop', () => {
    const rng = new Rng(3);
    const A = prepareLayer(layer(16, 9, rng));
    const B = prepareLayer(layer(16, 9, rng));
    placeLayers([A]);
    placeLayers([B]);
    const h = inputs(16, rng);
    const out = new Float64Array(STRIDE * 9);
    expect(affineLayerWasm(A, h, STRIDE, out, 0)).toBe(false);
    const viaDispatch = new Float64Array(STRIDE * 9);
    const js = new Float64Array(STRIDE * 9);
    affineLayer(A, h, viaDispatch, 0);
    affineLayerJs(A, h, js, 0);
    expect(Array.from(viaDispatch)).toEqual(Array.from(js));
    useWasmAffine(false);
    placeLayers([B]);
    expect(B.wasm).toBeNull();
  });

  it('the enumeration finds the same regions, maps and patterns with and without it', () => {
    const cases = [
      ...(['relu', 'leaky_relu', 'hardtanh', 'abs'] as const).map((activation) => ({
        activation,
        dd: false,
      })),
      { activation: 'relu' as const, dd: true },
    ];
    for (const { activation, dd } of cases) {
      const net = initNetwork({ widths: [2, 24, 17, 9, 2], activation, seed: 5 });
      const window = { x0: -3, x1: 3, y0: -2, y1: 2.5 };
      const on = enumerateRegions(net, window, { doubleDouble: dd });
      useWasmAffine(false);
      const off = enumerateRegions(net, window, { doubleDouble: dd });
      useWasmAffine(true);
      if (typeof on === 'string' || typeof off === 'string') throw new Error('enumeration failed');
      expect(on.regions.length).toBeGreaterThan(100);
      expectSameRegions(on.regions, off.regions, activation);
    }
  });
});
