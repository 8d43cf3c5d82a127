/**
 * The in-between frames of a deck transition, as pure functions: the eased camera, the layer revealed at a
 * time, and the weights of two networks of the same shape blended. Every frame they give is a valid state
 * (an ordered view window, a k within the network) and the frame at u = 1 is the target itself.
 */
import type { Layer, Network } from '../engine/model.ts';
import type { AppState, ViewState } from './appState.ts';

/** Smooth ease-in-out of u in [0, 1] (cubic), with ease(0) = 0 and ease(1) = 1 exactly. */
export function ease(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u < 0.5 ? 4 * u * u * u : 1 - (-2 * u + 2) ** 3 / 2;
}

/**
 * The view window at eased time u between `a` and `b`: the centre moves linearly and the width and height
 * scale geometrically (a zoom looks steady). The plane is `b`'s; u = 1 gives `b`'s numbers exactly.
 */
export function tweenView(a: ViewState, b: ViewState, u: number): ViewState {
  if (u >= 1) return { ...b };
  const mix = (p: number, q: number) => p + (q - p) * u;
  const cx = mix((a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2);
  const cy = mix((a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2);
  const w = (a.x1 - a.x0) ** (1 - u) * (b.x1 - b.x0) ** u;
  const h = (a.y1 - a.y0) ** (1 - u) * (b.y1 - b.y0) ** u;
  return { x0: cx - w / 2, x1: cx + w / 2, y0: cy - h / 2, y1: cy + h / 2, plane: b.plane };
}

/** True when the two views differ in their window only (same plane), so that the camera can move between them. */
export function cameraMoves(a: ViewState, b: ViewState): boolean {
  const same = a.x0 === b.x0 && a.x1 === b.x1 && a.y0 === b.y0 && a.y1 === b.y1;
  return !same && JSON.stringify(a.plane) === JSON.stringify(b.plane);
}

/** The first k of a reveal into layer mode with target `to` from `from` (same network or not), or null: none. */
export function revealStart(from: AppState, to: AppState, sameNetwork: boolean): number | null {
  if (to.mode !== 'layer') return null;
  const k0 = from.mode === 'layer' && sameNetwork ? from.layer + 1 : 1;
  return k0 < to.layer ? k0 : null;
}

/** The k shown at linear time u of a reveal from `k0` to `k1`: each layer gets an equal share of the time. */
export function revealAt(k0: number, k1: number, u: number): number {
  if (u >= 1) return k1;
  return Math.min(k1, k0 + Math.floor(Math.max(0, u) * (k1 - k0 + 1)));
}

/** True when `a` and `b` have the same shape: input size, layer sizes and activations. */
export function sameShape(a: Network, b: Network): boolean {
  return (
    a.inputDim === b.inputDim &&
    a.layers.length === b.layers.length &&
    a.layers.every((L, i) => {
      const M = b.layers[i]!;
      return L.inDim === M.inDim && L.outDim === M.outDim && L.activation === M.activation;
    })
  );
}

/** The network whose weights, biases and slopes are (1 - u) a + u b; `a` and `b` must have the same shape. */
export function blendNetworks(a: Network, b: Network, u: number): Network {
  const mix = (p: Float64Array, q: Float64Array) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = (1 - u) * p[i]! + u * q[i]!;
    return out;
  };
  const layers: Layer[] = a.layers.map((L, i) => {
    const M = b.layers[i]!;
    return {
      ...L,
      weights: mix(L.weights, M.weights),
      bias: mix(L.bias, M.bias),
      alpha: mix(L.alpha, M.alpha),
    };
  });
  return { inputDim: a.inputDim, layers };
}
