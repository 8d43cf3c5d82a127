/**
 * Numerical verification that f is piecewise linear: second finite differences vanish (up to rounding)
 * inside regions and equal the jump of the slope times the overlap at points straddling a kink; the
 * affine map of every enumerated region reproduces the forward pass; GPU and CPU patterns agree.
 */
import { createWorkspace, forwardInto } from './forward.ts';
import type { Network } from './model.ts';
import { type PlaneMap, pointAt } from './plane.ts';
import type { Region } from './regions.ts';
import { Rng } from './rng.ts';
import { segmentPieces } from './segment.ts';

/** One second-difference sample D2 = f(p + h d) - 2 f(p) + f(p - h d). */
export interface SecondDifference {
  /** Centre (s, t). */
  s: number;
  /** See s. */
  t: number;
  /** |D2|. */
  magnitude: number;
  /** The expected |D2|: 0 inside a region; |jump of f' along d| x (h - distance to the kink) across one. */
  expected: number;
}

/** The figures of {@link secondDifferences}. */
export interface SecondDifferenceReport {
  /** Step h in plane units. */
  step: number;
  /** Samples whose three points share one activation pattern. */
  inside: SecondDifference[];
  /** Samples whose stencil straddles exactly one kink. */
  straddling: SecondDifference[];
  /** Largest |D2| inside regions. */
  insideMax: number;
  /** Median |D2| across kinks. */
  straddlingMedian: number;
  /** Largest |D2 - expected| across kinks. */
  straddlingMaxError: number;
  /** The rounding scale: 64 eps max |f| over the samples (|D2| inside should stay below it). */
  roundingScale: number;
}

/**
 * Sample `n` random stencils of step `h` (default 1e-3 of the window's width) inside the window and `n`
 * straddling kinks found exactly on random segments (seeded, so the figures reproduce).
 */
export function secondDifferences(
  net: Network,
  map: PlaneMap,
  window: { x0: number; x1: number; y0: number; y1: number },
  n: number,
  seed = 1,
  h = 1e-3 * (window.x1 - window.x0),
  output = 0,
): SecondDifferenceReport {
  const rng = new Rng(seed);
  const ws = createWorkspace(net);
  const x = new Float64Array(net.inputDim);
  const pat = [new Uint8Array(ws.pattern.length), new Uint8Array(ws.pattern.length)];
  let fMax = 0;
  const f = (s: number, t: number, keep = -1) => {
    pointAt(map, s, t, x);
    const v = forwardInto(net, x, ws)[output]!;
    if (keep >= 0) pat[keep]!.set(ws.pattern);
    fMax = Math.max(fMax, Math.abs(v));
    return v;
  };
  const same = (a: Uint8Array, b: Uint8Array) => a.every((v, i) => v === b[i]);
  const inside: SecondDifference[] = [];
  const straddling: SecondDifference[] = [];
  const { x0, x1, y0, y1 } = window;
  for (let tries = 0; inside.length < n && tries < 20 * n; tries++) {
    const s = rng.uniform(x0 + h, x1 - h);
    const t = rng.uniform(y0 + h, y1 - h);
    const a = rng.uniform(0, 2 * Math.PI);
    const [ds, dt] = [h * Math.cos(a), h * Math.sin(a)];
    const fm = f(s - ds, t - dt, 0);
    const fp = f(s + ds, t + dt, 1);
    if (!same(pat[0]!, pat[1]!)) continue;
    const f0 = f(s, t);
    if (!same(pat[0]!, ws.pattern)) continue;
    inside.push({ s, t, magnitude: Math.abs(fp - 2 * f0 + fm), expected: 0 });
  }
  for (let tries = 0; straddling.length < n && tries < 20 * n; tries++) {
    // A random chord of the window; its exact kinks; one of them, approached within the step.
    const from: [number, number] = [rng.uniform(x0, x1), rng.uniform(y0, y1)];
    const to: [number, number] = [rng.uniform(x0, x1), rng.uniform(y0, y1)];
    const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
    if (len < 4 * h) continue;
    const pieces = segmentPieces(net, map, from, to);
    if (pieces.length < 2) continue;
    const i = 1 + rng.int(pieces.length - 1);
    const left = pieces[i - 1]!;
    const right = pieces[i]!;
    const hu = h / len;
    // Only kinks whose neighbours on both sides are longer than the stencil.
    if (left.u1 - left.u0 < 2 * hu || right.u1 - right.u0 < 2 * hu) continue;
    const off = rng.uniform(-0.5, 0.5) * hu;
    const u = right.u0 + off;
    const at = (v: number, k: number) =>
      f(from[0] + v * (to[0] - from[0]), from[1] + v * (to[1] - from[1]), k);
    const d2 = at(u + hu, -1) - 2 * at(u, -1) + at(u - hu, -1);
    const jump = (right.slope[output]! - left.slope[output]!) / len;
    straddling.push({
      s: from[0] + u * (to[0] - from[0]),
      t: from[1] + u * (to[1] - from[1]),
      magnitude: Math.abs(d2),
      expected: Math.abs(jump) * (h - Math.abs(off) * len),
    });
  }
  const mags = straddling.map((d) => d.magnitude).sort((a, b) => a - b);
  return {
    step: h,
    inside,
    straddling,
    insideMax: inside.reduce((m, d) => Math.max(m, d.magnitude), 0),
    straddlingMedian: mags.length ? mags[mags.length >> 1]! : 0,
    straddlingMaxError: straddling.reduce((m, d) => Math.max(m, Math.abs(d.magnitude - d.expected)), 0),
    roundingScale: 64 * Number.EPSILON * Math.max(fMax, 1e-300),
  };
}

/** The figures of {@link affineMapCheck}. */
export interface AffineMapReport {
  /** Regions checked. */
  regions: number;
  /** Points evaluated (centroids and vertices pulled slightly inside). */
  points: number;
  /** Largest |affine map - forward pass| over them. */
  maxError: number;
  /** Largest |f| over them (the scale of maxError). */
  maxValue: number;
  /** Regions whose centroid's forward-pass pattern differs from the enumerated one (should be 0). */
  patternMismatches: number;
}

/**
 * Check up to `maxRegions` regions (all by default): at the centroid and at each vertex moved 1e-6 of the way
 * to the centroid, the region's affine map against the forward pass, and the pattern at the centroid.
 */
export function affineMapCheck(
  net: Network,
  map: PlaneMap,
  regions: readonly Region[],
  maxRegions = Number.POSITIVE_INFINITY,
): AffineMapReport {
  const ws = createWorkspace(net);
  const x = new Float64Array(net.inputDim);
  let points = 0;
  let maxError = 0;
  let maxValue = 0;
  let patternMismatches = 0;
  let checked = 0;
  const nOut = ws.output.length;
  for (const r of regions) {
    if (checked >= maxRegions) break;
    if (r.jacobian.length < 2 * nOut) continue;
    checked++;
    const [cs, ct] = r.centroid;
    const test = (s: number, t: number) => {
      pointAt(map, s, t, x);
      forwardInto(net, x, ws);
      for (let k = 0; k < nOut; k++) {
        const a = r.jacobian[2 * k]! * s + r.jacobian[2 * k + 1]! * t + r.offset[k]!;
        maxError = Math.max(maxError, Math.abs(a - ws.output[k]!));
        maxValue = Math.max(maxValue, Math.abs(ws.output[k]!));
      }
      points++;
    };
    test(cs, ct);
    for (let j = 0; j < ws.pattern.length; j++) {
      if (ws.pattern[j] !== r.pattern[j]) {
        patternMismatches++;
        break;
      }
    }
    const p = r.polygon;
    for (let i = 0; i < p.length; i += 2)
      test(p[i]! + 1e-6 * (cs - p[i]!), p[i + 1]! + 1e-6 * (ct - p[i + 1]!));
  }
  return { regions: checked, points, maxError, maxValue, patternMismatches };
}

/**
 * The fraction of pixels whose pattern hashes agree: `a` and `b` hold words [lo, hi] per pixel (the layout of
 * evaluateGrid and of the renderer's readback). 1 for empty inputs; compares min(a, b) pixels.
 */
export function patternAgreement(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length) >> 1;
  if (n === 0) return 1;
  let same = 0;
  for (let p = 0; p < n; p++) if (a[2 * p] === b[2 * p] && a[2 * p + 1] === b[2 * p + 1]) same++;
  return same / n;
}
