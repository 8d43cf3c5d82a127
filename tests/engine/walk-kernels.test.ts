/**
 * The region walk's WebAssembly kernels (src/engine/walk-kernels.ts): the classify kernel decides every
 * neuron as the JavaScript box test does (walk-base.ts tolOf, face-walk.ts classify), NaN and infinities
 * included, the gather kernel gives firstPieceMaps' numbers bit for bit, and the double-double W h + b and
 * columns kernels give those of firstPieceMapsDD and siblingMapsDD's loops; the enumeration finds the very
 * same regions with them and without them on networks whose maps use the spectral bound and double-double
 * layers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { mapsAt, placeLayers, useWasmAffine, walkSlots } from '../../src/engine/affine-wasm.ts';
import { prepareLayer, STRIDE, splitWeights, TINY } from '../../src/engine/face-maps.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Layer } from '../../src/engine/model.ts';
import { addState, packedBytes } from '../../src/engine/packed-states.ts';
import { firstPieceMaps } from '../../src/engine/piece-maps.ts';
import { firstPieceMapsDD, siblingMapsDD } from '../../src/engine/piece-maps-dd.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { expectSameRegions } from './lib/checks.ts';

afterEach(() => {
  useWasmAffine(true);
});

function layer(inDim: number, outDim: number, rng: Rng, activation: ActivationName = 'relu'): Layer {
  return {
    inDim,
    outDim,
    weights: new Float64Array(inDim * outDim).map(() => rng.next() - 0.5),
    bias: new Float64Array(outDim).map(() => rng.next() - 0.5),
    activation,
    alpha: new Float64Array(outDim).map(() => 0.05 + 0.5 * rng.next()),
  };
}

/** One coefficient: zero, ordinary, tiny, huge, infinite or NaN (the last two rarely). */
function coefficient(rng: Rng): number {
  const kind = Math.floor(rng.next() * 20);
  const x = rng.next() - 0.5;
  if (kind === 0) return 0;
  if (kind === 1) return x * 1e-310;
  if (kind === 2) return x * 1e300;
  if (kind === 3) return x < 0 ? -Infinity : Infinity;
  if (kind === 4) return Number.NaN;
  return x * 10 ** Math.floor(rng.next() * 6 - 3);
}

describe('the classify kernel', () => {
  it('decides every neuron as the JavaScript box test does and lists the undecided ones in order', () => {
    const rng = new Rng(21);
    let undecided = 0;
    let above = 0;
    for (const n of [1, 2, 3, 7, 64, 65]) {
      const P = prepareLayer(layer(3, n, rng));
      placeLayers([P]);
      const k = walkSlots(P)!;
      const at = mapsAt(P, false);
      expect(at).toBeGreaterThanOrEqual(0);
      for (let t = 0; t < 200; t++) {
        const z = new Float64Array(STRIDE * n);
        for (let j = 0; j < n; j++) {
          for (let c = 0; c < 3; c++) z[STRIDE * j + c] = coefficient(rng);
          // Mostly near the box, so that all three outcomes occur.
          if (t % 2 === 0) z[STRIDE * j + 2] = (rng.next() - 0.5) * 2;
          z[STRIDE * j + 3] = Math.abs(coefficient(rng));
          for (let c = 0; c < 4; c++) k.f64[at / 8 + 8 * j + c] = z[STRIDE * j + c]!;
        }
        const [hu, hv] = [rng.next() * 0.5, rng.next() * 0.5];
        const [mu, mv] = [rng.next() - 0.5, rng.next() - 0.5];
        const maxR = rng.next() < 0.5 ? 0 : 1e-12;
        const evalTol = 2 ** -40;
        const compTol = 2 ** -30;
        const e = rng.next() < 0.5 ? Infinity : rng.next() * 1e-6;
        const th = rng.next() < 0.7 ? 0 : rng.next() - 0.5;
        // The kernel's float64 parameters, in its memory after the gather's sum of squares.
        k.f64.set([mu, mv, hu, hv, maxR, evalTol, compTol, e, th], (k.ss + 16) / 8);
        const nc = k.classify(at, n, k.states, k.list, k.ss + 16);
        const want: number[] = [];
        for (let j = 0; j < n; j++) {
          const [au, av, cz, m] = [0, 1, 2, 3].map((c) => z[STRIDE * j + c]!) as [
            number,
            number,
            number,
            number,
          ];
          const zc = cz + au * mu + av * mv;
          const r = Math.abs(au) * hu + Math.abs(av) * hv;
          const g = (Math.abs(au) + Math.abs(av)) * maxR;
          const tol =
            evalTol * (Math.abs(au) + Math.abs(av) + Math.abs(cz) + Math.abs(th)) +
            Math.min(compTol * m, e) +
            TINY;
          const isAbove = zc - th - r > tol + g;
          expect(k.u8[k.states + j], `n ${n}, neuron ${j}`).toBe(isAbove ? 1 : 0);
          if (isAbove) above++;
          else if (!(zc - th + r < -(tol + g))) want.push(j);
        }
        expect(Array.from(k.i32.subarray(k.list >> 2, (k.list >> 2) + nc))).toEqual(want);
        undecided += want.length;
      }
    }
    expect(undecided).toBeGreaterThan(1000);
    expect(above).toBeGreaterThan(1000);
  });
});

describe('the gather kernel', () => {
  it("gives firstPieceMaps' next-layer maps and sum of squares bit for bit", () => {
    const rng = new Rng(22);
    let compared = 0;
    for (const activation of ['relu', 'leaky_relu', 'prelu', 'abs'] as const)
      for (const [n, next] of [
        [1, 1],
        [5, 3],
        [64, 64],
        [33, 17],
      ] as const) {
        const here = prepareLayer(layer(2, n, rng, activation));
        const P = prepareLayer(layer(n, next, rng));
        placeLayers([here, P]);
        const zAt = mapsAt(here, false);
        const k = walkSlots(here)!;
        for (let t = 0; t < 30; t++) {
          const z = new Float64Array(STRIDE * n);
          // States at slots 3 .. n + 3, two bits each (packed-states.ts).
          const pat = new Uint8Array(packedBytes(n + 3));
          for (let j = 0; j < n; j++) {
            for (let c = 0; c < 3; c++) z[STRIDE * j + c] = t % 3 === 0 ? 0 : (rng.next() - 0.5) * 10;
            z[STRIDE * j + 3] = rng.next() * 10;
            if (t % 5 === 1) z[STRIDE * j + 2] = 1e-310;
            addState(pat, 3 + j, rng.next() < 0.5 ? 1 : 0);
            for (let c = 0; c < 4; c++) k.f64[zAt / 8 + 8 * j + c] = z[STRIDE * j + c]!;
          }
          const a = new Float64Array(STRIDE * next);
          const b = new Float64Array(STRIDE * next);
          const ssJs = firstPieceMaps(here.pieces, z, n, pat, 3, P, a);
          const ssWasm = firstPieceMaps(here.pieces, z, n, pat, 3, P, b, zAt, here);
          expect(Object.is(ssJs, ssWasm), `${activation} ${n}: ${ssJs} vs ${ssWasm}`).toBe(true);
          for (let q = 0; q < a.length; q++)
            if (!Object.is(a[q], b[q]))
              throw new Error(`${activation} ${n}x${next}: slot ${q}: ${a[q]} vs ${b[q]}`);
          compared += a.length;
        }
      }
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe('the double-double columns kernel', () => {
  it("gives siblingMapsDD's JavaScript numbers bit for bit, from the first piece's maps of its W h + b", () => {
    const rng = new Rng(24);
    let compared = 0;
    let columns = 0;
    for (const activation of ['relu', 'leaky_relu', 'abs'] as const)
      for (const [n, next] of [
        [1, 1],
        [5, 3],
        [8, 7],
        [33, 17],
        [64, 64],
      ] as const) {
        const here = prepareLayer(layer(2, n, rng, activation));
        const P = prepareLayer(layer(n, next, rng));
        splitWeights(here);
        splitWeights(P);
        for (let t = 0; t < 20; t++) {
          // Double-double maps z (low parts below an ulp), the first piece's states at slots 3 .., the
          // sibling's at n + 3 .., differing in about a third of the neurons.
          const z = new Float64Array(STRIDE * n);
          const pat = new Uint8Array(packedBytes(2 * n + 3));
          for (let j = 0; j < n; j++) {
            for (let c = 0; c < 3; c++) {
              z[STRIDE * j + c] = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 6 - 3);
              z[STRIDE * j + 4 + c] = z[STRIDE * j + c]! * (rng.next() - 0.5) * 2 ** -53;
            }
            z[STRIDE * j + 3] = rng.next() * 10;
            const s = rng.next() < 0.5 ? 1 : 0;
            addState(pat, 3 + j, s);
            addState(pat, n + 3 + j, rng.next() < 0.33 ? 1 - s : s);
          }
          const run = (kernels: boolean) => {
            useWasmAffine(kernels);
            placeLayers([here, P], true);
            expect(P.wasm !== null && P.wasm.wdd >= 0).toBe(kernels);
            const ref = new Float64Array(STRIDE * next).fill(3);
            firstPieceMapsDD(here.pieces, z, n, pat, 3, P, ref);
            const out = new Float64Array(STRIDE * next + 5).fill(7);
            siblingMapsDD(here.pieces, z, n, pat, n + 3, 3, P, ref, out, 5);
            useWasmAffine(true);
            return [ref, out] as const;
          };
          const [refJs, js] = run(false);
          const [refWasm, wasm] = run(true);
          for (const [a, b, what] of [
            [refJs, refWasm, 'first piece'],
            [js, wasm, 'sibling'],
          ] as const)
            for (let q = 0; q < a.length; q++)
              if (!Object.is(a[q], b[q]))
                throw new Error(`${activation} ${n}x${next} ${what}: slot ${q}: ${a[q]} vs ${b[q]}`);
          compared += refJs.length + js.length;
          for (let j = 0; j < next; j++) if (js[5 + STRIDE * j] !== refJs[STRIDE * j]) columns++;
        }
      }
    expect(compared).toBeGreaterThan(20_000);
    // The siblings differ from their first pieces (columns were added).
    expect(columns).toBeGreaterThan(500);
  });
});

describe('the walk with its kernels', () => {
  it('finds the same regions, maps and patterns as without them, with the spectral bound and double-double layers', () => {
    const cases = [
      { widths: [2, ...Array<number>(16).fill(24), 1], half: 0.5, dd: 3 },
      { widths: [2, ...Array<number>(12).fill(32), 1], half: 0.5, dd: 0 },
    ];
    for (const { widths, half, dd } of cases) {
      const net = initNetwork({ widths, activation: 'relu', init: 'he', seed: 1 });
      const window = { x0: -half, x1: half, y0: -half, y1: half };
      const on = enumerateRegions(net, window);
      useWasmAffine(false);
      const off = enumerateRegions(net, window);
      useWasmAffine(true);
      if (typeof on === 'string' || typeof off === 'string') throw new Error('enumeration failed');
      expect(on.spectralBound).toBe(true);
      expect(on.doubleDoubleLayers).toBe(dd);
      expect(on.regions.length).toBeGreaterThan(4000);
      expect(on.exactDecisions).toBe(off.exactDecisions);
      expectSameRegions(on.regions, off.regions, `${widths.length - 2} layers`);
    }
  });
});
