/**
 * Can float32 resolve this view? The WebGL2 renderer evaluates the network in float32 with the view-centre
 * formulation of pack.ts: every neuron's pre-activation is zc + dz, zc (its value at the view centre,
 * computed in float64) stored as a float32 and dz propagated in float32 from the pixel's offset. Rounding
 * then moves a neuron's breakpoint by about
 *
 *   rho_j = (E_j + eps |zc_j|) / |grad z_j|,   E_j = eps R G_j + sum_i |W_ji| (E_i + [i crosses] eps (|zc_i| + c_i))
 *
 * in the plane (E_j bounds the float32 error of dz_j; zc_j is rounded once more), where eps = 2^-24, R is the half-diagonal of the view, G_j = sum_i |W_ji| G_i bounds |dz_j|/R
 * (layer 0: |a_j| + |b_j|), c_i is the jump of the intercept (2 for hardtanh, else 0), counted only for the
 * inputs whose breakpoint can cross the view (the others keep their centre state, and dh_i = slope dz_i), and
 * grad z_j is the neuron's gradient at the centre. For ReLU, leaky ReLU and abs the breakpoint is at z = 0, where |zc| is of
 * the order of R |grad z|, so rho is a fixed fraction of the view at any zoom (about eps x condition number);
 * hardtanh breaks at z = +-1, where |zc| is about 1, so rho is about eps / |grad z| and a deep enough zoom puts
 * it above a pixel. The view is refused to the GPU when, for a neuron whose breakpoint can cross the view
 * (|zc - c| <= R G), rho exceeds half a pixel, or when the pixel offsets fall below float32's normal range.
 */
import { pieceOf, stateOf } from './activations.ts';
import type { Network } from './model.ts';
import type { PlaneMap } from './plane.ts';
import type { ViewRect } from './range.ts';

/** The unit round-off of float32 (2^-24). */
export const FLOAT32_EPS = 2 ** -24;

/** The smallest normal float32 (2^-126); a pixel's offsets times the weights must stay well above it. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/** The worst neuron of {@link float32Resolution}: its error radius in plane units and in pixels. */
export interface Float32Resolution {
  /** Largest error radius of a breakpoint that can cross the view (plane units; 0: none crosses). */
  radius: number;
  /** The same in pixels of the image. */
  pixels: number;
  /** Global index of that neuron (-1: none). */
  neuron: number;
  /** The smallest per-pixel change of a first-layer pre-activation (underflow check). */
  smallestStep: number;
}

/**
 * The float32 error radius of the view `view` of `net` (through `map`) drawn at width x height pixels: see the
 * module comment. O(weights); allocates a few arrays of the network's width.
 */
export function float32Resolution(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  width: number,
  height: number,
): Float32Resolution {
  const cs = (view.x0 + view.x1) / 2;
  const ct = (view.y0 + view.y1) / 2;
  const R = Math.hypot(view.x1 - view.x0, view.y1 - view.y0) / 2;
  const pixel = Math.max((view.x1 - view.x0) / width, (view.y1 - view.y0) / height);
  let maxW = net.inputDim;
  for (const L of net.layers) maxW = Math.max(maxW, L.outDim);
  let h = new Float64Array(maxW); // activations at the centre
  let gs = new Float64Array(maxW); // d h / ds, d h / dt at the centre
  let gt = new Float64Array(maxW);
  let mag = new Float64Array(maxW); // G of the module comment (of the activations: |slope| <= 1)
  let err = new Float64Array(maxW); // error of dh
  let h2 = new Float64Array(maxW);
  let gs2 = new Float64Array(maxW);
  let gt2 = new Float64Array(maxW);
  let mag2 = new Float64Array(maxW);
  let err2 = new Float64Array(maxW);
  for (let i = 0; i < net.inputDim; i++) {
    h[i] = map.origin[i]! + cs * map.ds[i]! + ct * map.dt[i]!;
    gs[i] = map.ds[i]!;
    gt[i] = map.dt[i]!;
  }
  const piece = new Float64Array(2);
  let worst: Float32Resolution = { radius: 0, pixels: 0, neuron: -1, smallestStep: Number.POSITIVE_INFINITY };
  let k = 0;
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    const hardtanh = L.activation === 'hardtanh';
    for (let j = 0; j < L.outDim; j++, k++) {
      let z = L.bias[j]!;
      let zs = 0;
      let zt = 0;
      let G = 0;
      let E = 0;
      const row = j * L.inDim;
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[row + i]!;
        z += w * h[i]!;
        zs += w * gs[i]!;
        zt += w * gt[i]!;
        if (l === 0) G += Math.abs(w * map.ds[i]!) + Math.abs(w * map.dt[i]!);
        else {
          G += Math.abs(w) * mag[i]!;
          E += Math.abs(w) * err[i]!;
        }
      }
      // E: the error of dz (the offset sums); the state is decided on zc + dz, zc rounded to float32 too.
      E += FLOAT32_EPS * R * G;
      const Ez = E + FLOAT32_EPS * Math.abs(z);
      const grad = Math.hypot(zs, zt);
      if (l === 0 && G > 0) worst.smallestStep = Math.min(worst.smallestStep, (pixel * G) / 2);
      const levels = hardtanh ? [-1, 1] : L.activation === 'linear' ? [] : [0];
      let crosses = false;
      for (const c of levels) {
        if (Math.abs(z - c) > R * G) continue;
        crosses = true;
        if (grad > 0) {
          const radius = Ez / grad;
          if (radius > worst.radius) worst = { ...worst, radius, pixels: radius / pixel, neuron: k };
        }
      }
      const s = stateOf(L.activation, z);
      pieceOf(L.activation, s, L.alpha[j]!, piece);
      h2[j] = piece[0]! * z + piece[1]!;
      gs2[j] = piece[0]! * zs;
      gt2[j] = piece[0]! * zt;
      mag2[j] = G * Math.max(1, Math.abs(L.alpha[j]!));
      // A neuron that keeps its centre state in the whole view has dh = slope dz exactly; one that changes
      // state adds (slope - slope_c) zc + (intercept - intercept_c), rounded.
      const slopeMax = Math.max(1, Math.abs(L.alpha[j]!));
      err2[j] = slopeMax * E + (crosses ? FLOAT32_EPS * (Math.abs(z) + (hardtanh ? 2 : 0)) : 0);
    }
    [h, h2] = [h2, h];
    [gs, gs2] = [gs2, gs];
    [gt, gt2] = [gt2, gt];
    [mag, mag2] = [mag2, mag];
    [err, err2] = [err2, err];
  }
  return worst;
}

/**
 * Why float32 cannot draw `view` of `net` at width x height (a sentence for the user), or null when it can:
 * a breakpoint's error radius above half a pixel, or per-pixel steps below 2^-100 (float32's normal range
 * ends at 2^-126). See the module comment.
 */
export function float32ViewProblem(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  width: number,
  height: number,
): string | null {
  const r = float32Resolution(net, map, view, width, height);
  if (r.smallestStep < 2 ** -100) {
    return `the view is too small for float32 (a pixel changes a first-layer neuron by ${r.smallestStep.toPrecision(2)}, below float32's range)`;
  }
  if (r.pixels > 0.5) {
    return `float32 cannot resolve this view: rounding moves the breakpoint of neuron ${r.neuron} by up to ${r.pixels.toPrecision(2)} pixels`;
  }
  return null;
}
