/**
 * From AppState to the network and plane map that are drawn (pure; no DOM).
 */
import { initNetwork } from '../engine/init.ts';
import type { Network } from '../engine/model.ts';
import { type Plane, type PlaneMap, planeMap, type Window } from '../engine/plane.ts';
import type { Architecture, ViewState } from '../state/appState.ts';

/** Build the seeded network of an architecture (hidden layers use its activation, the output is linear). */
export function networkOf(a: Architecture): Network {
  return initNetwork({
    widths: a.widths,
    activation: a.activation,
    alpha: a.alpha,
    init: a.init,
    seed: a.seed,
    weightScale: a.weightScale,
  });
}

/** The default plane of an n-input network: through 0 spanned by e1 and e2 (n > 2), none otherwise. */
export function defaultPlane(inputDim: number): Plane | null {
  if (inputDim <= 2) return null;
  const p0 = new Array<number>(inputDim).fill(0);
  const p1 = [...p0];
  const p2 = [...p0];
  p1[0] = 1;
  p2[1] = 1;
  return [p0, p1, p2];
}

/** The enumeration window of `view` of `net`: its rectangle, with the default plane when it names none. */
export function viewWindow(net: Network, view: ViewState): Window {
  const plane = view.plane ?? defaultPlane(net.inputDim);
  return { x0: view.x0, x1: view.x1, y0: view.y0, y1: view.y1, ...(plane ? { plane } : {}) };
}

/**
 * The (s, t) -> input map of `net` for `plane` (null: the default plane). Returns an error message when the
 * plane does not fit the network (wrong dimension, degenerate).
 */
export function mapOf(net: Network, plane: Plane | null): PlaneMap | string {
  return planeMap(net.inputDim, plane ?? defaultPlane(net.inputDim) ?? undefined);
}
