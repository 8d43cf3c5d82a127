/**
 * How the view's plane slice was chosen, as the URL hash keeps it (`pspec=...`): two coordinate axes or a
 * seeded random pair (both rebuilt from a few characters for any input dimension), or a plane stored in
 * this browser under a name (pasted vectors, CSV rows: too long for a link), as loaded models are. The
 * points themselves are in `AppState.view.plane`; the App keeps the two in step (App.applyState).
 */

import type { Plane } from '../engine/plane.ts';
import { axesPlane, randomPlane } from '../engine/planes.ts';

/** A plane choice: `axes` through 0 along e_i, e_j (0-based); `random` orthonormal from a seed; `stored` by name. */
export type PlaneSpec =
  | { readonly kind: 'axes'; readonly i: number; readonly j: number }
  | { readonly kind: 'random'; readonly seed: number }
  | { readonly kind: 'stored'; readonly name: string };

/** A plane kept in this browser under a name: its points and the words the HUD names it with. */
export interface StoredPlane {
  /** The three points. */
  readonly plane: Plane;
  /** A short description, e.g. "through rows 4, 17, 20 of digits.csv". */
  readonly label: string;
}

/** Longest name of a stored plane (characters). */
export const PLANE_NAME_MAX = 200;

/** The `pspec` hash value of `spec` before percent-encoding: `axes:3,7`, `random:42` or `stored:NAME`. */
export function encodePlaneSpec(spec: PlaneSpec): string {
  switch (spec.kind) {
    case 'axes':
      return `axes:${spec.i},${spec.j}`;
    case 'random':
      return `random:${spec.seed}`;
    default:
      return `stored:${spec.name}`;
  }
}

/** Decode a `pspec` value (already percent-decoded once); returns the spec or the expected form. */
export function decodePlaneSpec(value: string): PlaneSpec | string {
  const expected = 'axes:I,J (two different axis indices), random:SEED or stored:NAME';
  let m = /^axes:(\d{1,9}),(\d{1,9})$/.exec(value);
  if (m) {
    const i = Number(m[1]);
    const j = Number(m[2]);
    return i === j ? expected : { kind: 'axes', i, j };
  }
  m = /^random:(\d{1,10})$/.exec(value);
  if (m) {
    const seed = Number(m[1]);
    return seed <= 0xffffffff ? { kind: 'random', seed } : expected;
  }
  m = /^stored:(.+)$/s.exec(value);
  if (m) {
    const name = m[1]!;
    if (name.length <= PLANE_NAME_MAX && !/[\uD800-\uDFFF]/u.test(name)) return { kind: 'stored', name };
  }
  return expected;
}

/**
 * The points of `spec` for an n-input network (`stored` planes from `stored`), with the words that name it;
 * an error message when the spec does not fit the network or the stored plane is missing.
 */
export function resolvePlaneSpec(
  spec: PlaneSpec,
  n: number,
  stored: ReadonlyMap<string, StoredPlane>,
): StoredPlane | string {
  switch (spec.kind) {
    case 'axes': {
      const p = axesPlane(n, spec.i, spec.j);
      return typeof p === 'string' ? `plane axes: ${p}` : { plane: p, label: `s·e${spec.i} + t·e${spec.j}` };
    }
    case 'random': {
      const p = randomPlane(n, spec.seed);
      return typeof p === 'string'
        ? `random plane: ${p}`
        : { plane: p, label: `random orthonormal s·u + t·v (seed ${spec.seed})` };
    }
    default: {
      const p = stored.get(spec.name);
      if (!p) return `the plane "${spec.name}" is not stored in this browser; choose it again`;
      const dim = p.plane[0].length;
      return dim === n ? p : `the plane "${spec.name}" has ${dim} coordinates, the network has ${n} inputs`;
    }
  }
}

/** True when the two planes have the same points, coordinate for coordinate. */
export function samePlane(a: Plane | null, b: Plane | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  for (let k = 0; k < 3; k++) {
    const p = a[k]!;
    const q = b[k]!;
    if (p.length !== q.length) return false;
    for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  }
  return true;
}
