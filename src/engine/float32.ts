/**
 * Can float32 resolve this view? The WebGL2 renderer evaluates the network in float32 with the view-centre
 * formulation of pack.ts: every neuron's pre-activation is zc + dz, zc (its value at the view centre,
 * computed in float64) stored as a float32 and dz propagated in float32 from the pixel's offset. Rounding
 * then moves a neuron's breakpoint by about
 *
 *   rho_j = e_j / max(|grad z_j|, |zc_j - c| / R),   e_j = LAMBDA E_j + eps (2 |zc_j| + R M_j),
 *   E_j^2 = (eps sqrt(n_j) R M_j)^2 + sum_i (W_ji d_i)^2,   d_i^2 = (s_i E_i)^2 + [i crosses] (eps (|zc_i| + c_i))^2
 *
 * in the plane: e_j bounds the error of zc + dz (zc's rounding and the sum's, in full; LAMBDA = 4 standard
 * deviations of the rest), E_j is the standard deviation of dz_j's float32 error when roundings are
 * independent (each of the n_j additions errs by about eps times the sum's size, the inputs' errors d_i add
 * in quadrature), eps = 2^-24, R the half-diagonal of the view, c the breakpoint (0, or +-1 for hardtanh),
 * M_j the root-sum-square size of dz_j / R (layer 0: |grad z_j|; layer l: sqrt(sum_i (W_ji s_i M_i)^2)),
 * and grad z_j the gradient at the centre; on the way from the centre to the breakpoint the slope is at
 * least |zc - c| / R on average. An input i that keeps its centre state in the whole view has dh_i =
 * slope_c dz_i exactly (s_i = |slope_c|, 0 for an inactive ReLU); one whose breakpoint can cross the view
 * takes s_i = the root-mean-square of its two states' |slopes| (half the view in each) and adds its jump
 * (zc_i and the intercept change, c_i = 2 for hardtanh). Layer 0 (dz = a u + b v, |(u, v)| <= R) is
 * bounded in full, E = eps R (2 G + |grad z|), G = |dz/ds| + |dz/dt|.
 *
 * Why not worst-case bounds: sum_i |W_ji| d_i grows by the layer's absolute row sum, about sqrt(W) times the
 * root-sum-square, and a slope of 1 for every neuron that may cross doubles the variance, at every layer;
 * for 2 -> 64 x 8 that said 10^4 pixels at the home view while the float32 pictures agree with the engine
 * everywhere. tests/engine/float32.test.ts checks the estimate against an emulation of the shader's float32
 * arithmetic (Math.fround at every operation): every neuron's largest emulated error stays below e_j over
 * ReLU, leaky ReLU, abs and hardtanh networks up to 48 x 12 and 64 x 8 and views from 8 to 2e-7 wide, the
 * views it passes draw the engine's patterns, and the hardtanh view it refuses agrees on 60% of pixels.
 *
 * For ReLU, leaky ReLU and abs the breakpoint is at z = 0, where |zc| is of the order of R |grad z|, so rho
 * is a fixed fraction of the view at any zoom; hardtanh breaks at z = +-1, where |zc| is about 1, so rho is
 * about eps / |grad z| and a deep enough zoom puts it above a pixel. A neuron's breakpoint can cross the view
 * when |zc - c| <= min(R G, LAMBDA R M) (G: the absolute-sum bound of |dz| / R). The view is refused to the
 * GPU when such a neuron's rho exceeds half a pixel, or when the pixel offsets fall below
 * float32's normal range.
 */
import { pieceOf, stateOf } from './activations.ts';
import type { Network } from './model.ts';
import type { PlaneMap } from './plane.ts';
import type { ViewRect } from './range.ts';

/** The unit round-off of float32 (2^-24). */
export const FLOAT32_EPS = 2 ** -24;

/** Standard deviations of the rounding error that a breakpoint's error radius allows for. */
export const FLOAT32_LAMBDA = 4;

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
 * module comment. O(weights); allocates a few arrays of the network's width. `errors`, when given (one entry
 * per neuron, in global order), receives each neuron's error bound e_j of zc + dz.
 */
export function float32Resolution(
  net: Network,
  map: PlaneMap,
  view: ViewRect,
  width: number,
  height: number,
  errors?: Float64Array,
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
  let rss = new Float64Array(maxW); // M of the module comment, times the largest |slope|
  let err = new Float64Array(maxW); // e of the module comment: the standard deviation of dh's error
  let h2 = new Float64Array(maxW);
  let gs2 = new Float64Array(maxW);
  let gt2 = new Float64Array(maxW);
  let mag2 = new Float64Array(maxW);
  let rss2 = new Float64Array(maxW);
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
      let M2 = 0;
      let E2 = 0;
      const row = j * L.inDim;
      for (let i = 0; i < L.inDim; i++) {
        const w = L.weights[row + i]!;
        z += w * h[i]!;
        zs += w * gs[i]!;
        zt += w * gt[i]!;
        if (l === 0) G += Math.abs(w * map.ds[i]!) + Math.abs(w * map.dt[i]!);
        else {
          G += Math.abs(w) * mag[i]!;
          M2 += (w * rss[i]!) ** 2;
          E2 += (w * err[i]!) ** 2;
        }
      }
      const grad = Math.hypot(zs, zt);
      // Layer 0: dz = a u + b v with |(u, v)| <= R; its few roundings (of u, v, a, b, both products and the
      // sum) are bounded in full, eps R (2 G + |grad|).
      const M = l === 0 ? grad : Math.sqrt(M2);
      const E =
        l === 0
          ? FLOAT32_EPS * R * (2 * G + grad)
          : Math.sqrt(E2 + (FLOAT32_EPS * Math.sqrt(L.inDim) * R * M) ** 2);
      // The state is decided on zc + dz: zc rounded to float32, and the sum rounded once more.
      const Ez = FLOAT32_LAMBDA * E + FLOAT32_EPS * (2 * Math.abs(z) + R * M);
      if (errors) errors[k] = Ez;
      if (l === 0 && G > 0) worst.smallestStep = Math.min(worst.smallestStep, (pixel * G) / 2);
      const levels = hardtanh ? [-1, 1] : L.activation === 'linear' ? [] : [0];
      let crosses = false;
      for (const c of levels) {
        if (Math.abs(z - c) > Math.min(R * G, FLOAT32_LAMBDA * R * M)) continue;
        crosses = true;
        // The slope met on the way from the centre to the breakpoint: at least |z - c| / R on average.
        const met = Math.max(grad, Math.abs(z - c) / R);
        if (met > 0) {
          const radius = Ez / met;
          if (radius > worst.radius) worst = { ...worst, radius, pixels: radius / pixel, neuron: k };
        }
      }
      const s = stateOf(L.activation, z);
      pieceOf(L.activation, s, L.alpha[j]!, piece);
      h2[j] = piece[0]! * z + piece[1]!;
      gs2[j] = piece[0]! * zs;
      gt2[j] = piece[0]! * zt;
      // A neuron that keeps its centre state in the whole view has dh = slope_c dz exactly (0 for an inactive
      // ReLU); one that changes state takes its largest |slope| and adds (slope - slope_c) zc + (intercept -
      // intercept_c), rounded.
      // For the statistical terms a crossing neuron is taken as half the pixels in each of its two states
      // (the root-mean-square of their slopes): over many layers every |slope| <= 1 bound compounds.
      const centre = Math.abs(piece[0]!);
      const steep = Math.max(1, Math.abs(L.alpha[j]!));
      const flat =
        L.activation === 'abs' ? 1 : L.activation === 'hardtanh' ? 0 : Math.min(1, Math.abs(L.alpha[j]!));
      const typical = crosses ? Math.sqrt((steep * steep + flat * flat) / 2) : centre;
      mag2[j] = G * (crosses ? steep : centre);
      rss2[j] = M * typical;
      const jump = crosses ? FLOAT32_EPS * (Math.abs(z) + (hardtanh ? 2 : 0)) : 0;
      err2[j] = Math.hypot(typical * E, jump);
    }
    [h, h2] = [h2, h];
    [gs, gs2] = [gs2, gs];
    [gt, gt2] = [gt2, gt];
    [mag, mag2] = [mag2, mag];
    [rss, rss2] = [rss2, rss];
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
