/**
 * From AppState to the network and plane map that are drawn (pure; no DOM).
 */
import { initNetwork } from '../engine/init.ts';
import type { Network } from '../engine/model.ts';
import { type Plane, type PlaneMap, planeMap, type Window } from '../engine/plane.ts';
import type { AppState, Architecture, ViewState } from '../state/appState.ts';
import { resolvePlaneSpec, type StoredPlane } from '../state/planeSpec.ts';

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

/** What {@link planeOfState} decided: the state with its plane filled in, the plane's name, and any problem. */
export interface ResolvedPlane {
  /** `state` with `view.plane` set from its spec (or the spec dropped when it could not be resolved). */
  state: AppState;
  /** How the HUD names the plane, e.g. "s·e3 + t·e7" or "through rows 4, 17, 20 of digits.csv"; '' for 2-D inputs. */
  label: string;
  /** Why the spec was dropped, or null. */
  error: string | null;
}

/**
 * Fill in the plane of `state` for `net` from its plane spec (the spec wins over the points it came with);
 * a spec that does not fit (an axis past the inputs, a stored plane missing from this browser) is dropped
 * with a message and the state's own points, or the default plane, are used. Never mutates `state`.
 */
export function planeOfState(
  net: Network,
  state: AppState,
  stored: ReadonlyMap<string, StoredPlane>,
): ResolvedPlane {
  const n = net.inputDim;
  let error: string | null = null;
  // A spec chooses among more than two inputs; one left from such a network is dropped quietly.
  if (state.planeSpec && n <= 2) state = { ...state, planeSpec: null };
  if (state.planeSpec) {
    const r = resolvePlaneSpec(state.planeSpec, n, stored);
    if (typeof r !== 'string') {
      const next = { ...state, view: { ...state.view, plane: r.plane } };
      return { state: next, label: r.label, error: null };
    }
    error = `${r} (${state.view.plane ? 'using the points in the link' : 'showing the default plane'})`;
    state = { ...state, planeSpec: null };
  }
  const label = n <= 2 ? '' : state.view.plane ? 'through the given p0, p1, p2' : 's·e0 + t·e1 (default)';
  return { state, label, error };
}
