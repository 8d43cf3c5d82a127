/**
 * Choosing the plane slice of a many-input network, for the plane panel and the scripting API: a choice is
 * checked against the network first (every problem named by its field), and only a good one is applied;
 * a bad one keeps the current plane. Pasted vectors and CSV rows are too long for a link: they are stored
 * under a name (App.planes, and this browser's storage through App.planeSaver) that the hash carries.
 */
import type { Plane } from '../engine/plane.ts';
import {
  type ChosenRows,
  chooseRows,
  directionsPlane,
  type InputRows,
  planeError,
} from '../engine/planes.ts';
import { type PlaneSpec, resolvePlaneSpec, type StoredPlane } from '../state/planeSpec.ts';
import type { App } from './app.ts';
import type { MapData } from './dataStore.ts';

/** One way to choose the plane (coordinates are 0-based; vectors have one entry per input). */
export type PlaneChoice =
  | { kind: 'axes'; i: number; j: number }
  | { kind: 'random'; seed: number }
  | { kind: 'points'; p0: readonly number[]; p1: readonly number[]; p2: readonly number[]; label?: string }
  | {
      kind: 'directions';
      origin: readonly number[];
      d1: readonly number[];
      d2: readonly number[];
      label?: string;
    }
  | { kind: 'data'; rows: readonly (number | string)[] }
  | { kind: 'default' };

/** The rows of the data on the map as plane-point candidates (labels for classification data). */
export function dataInputRows(data: MapData): InputRows {
  const { inputDim, count, x, y } = data.points;
  const rows: Float64Array[] = [];
  for (let p = 0; p < count; p++) rows.push(x.slice(p * inputDim, (p + 1) * inputDim));
  return { inputDim, rows, labels: data.kind === 'classification' ? Array.from(y) : null };
}

/**
 * The three points of the data rows `rows` (indices, or "label=N" for the first further point of class N)
 * for an n-input network, with their indices, or every problem, each naming its field.
 */
export function dataRowsPlane(rows: unknown, n: number, data: MapData | null): ChosenRows | string[] {
  if (!data || data.points.count === 0) return ['rows: no data is loaded (load a CSV of points first)'];
  if (data.points.inputDim !== n)
    return [`rows: the data has ${data.points.inputDim} inputs per point, the network ${n}`];
  if (!Array.isArray(rows) || rows.length !== 3)
    return [`rows: ${Array.isArray(rows) ? rows.length : 'no'} rows given, expected 3 (e.g. [4, 17, 20])`];
  const tokens: string[] = [];
  const errors: string[] = [];
  for (const [k, r] of rows.entries()) {
    if (typeof r === 'number') tokens.push(Number.isInteger(r) && r >= 0 ? String(r) : 'x');
    else if (typeof r === 'string' && /^[^\s,;]+$/.test(r)) tokens.push(r);
    else errors.push(`row ${k + 1}: expected a row index or "label=N"`);
  }
  if (errors.length) return errors;
  const r = chooseRows(dataInputRows(data), tokens.join(' '));
  return Array.isArray(r)
    ? r.map((e) => e.replace(/the file has no label column/, 'the data has no labels'))
    : r;
}

/** A short, stable name for stored points: the label's words, then a hash of the coordinates. */
export function storedPlaneName(plane: Plane, label: string): string {
  let h = 0x811c9dc5;
  const bits = new DataView(new ArrayBuffer(8));
  for (const p of plane) {
    for (const x of p) {
      bits.setFloat64(0, x);
      for (let k = 0; k < 8; k++) h = Math.imul(h ^ bits.getUint8(k), 0x01000193) >>> 0;
    }
  }
  const words = label.replace(/[^\w.,-]+/g, '-').slice(0, 60);
  return `${words}-${h.toString(16).padStart(8, '0')}`;
}

const vectorError = (v: unknown, n: number, field: string): string | null => {
  if (!Array.isArray(v)) return `${field}: expected an array of ${n} numbers`;
  if (v.length !== n) return `${field}: ${v.length} numbers, expected ${n} (one per input)`;
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return bad >= 0 ? `${field}: entry ${bad} is not a finite number` : null;
};

/**
 * The spec and stored plane (for points and directions) of `choice` for an n-input network, or every
 * problem found, each naming its field.
 */
export function planeOfChoice(
  choice: PlaneChoice,
  n: number,
  data: MapData | null = null,
): { spec: PlaneSpec | null; stored: StoredPlane | null } | string[] {
  if (n <= 2) return [`the network has ${n} input${n === 1 ? '' : 's'}: there is no plane to choose`];
  const noStore = new Map<string, StoredPlane>();
  switch (choice.kind) {
    case 'default':
      return { spec: null, stored: null };
    case 'axes':
    case 'random': {
      const spec: PlaneSpec =
        choice.kind === 'axes'
          ? { kind: 'axes', i: choice.i, j: choice.j }
          : { kind: 'random', seed: choice.seed };
      const r = resolvePlaneSpec(spec, n, noStore);
      return typeof r === 'string' ? [r] : { spec, stored: null };
    }
    case 'data': {
      const r = dataRowsPlane(choice.rows, n, data);
      if (Array.isArray(r)) return r;
      const label = `through data rows ${r.indices.join(', ')}`;
      const stored = { plane: r.plane, label };
      return { spec: { kind: 'stored', name: storedPlaneName(r.plane, label) }, stored };
    }
    default: {
      const fields: [string, unknown][] =
        choice.kind === 'points'
          ? [
              ['p0', choice.p0],
              ['p1', choice.p1],
              ['p2', choice.p2],
            ]
          : [
              ['origin', choice.origin],
              ['d1', choice.d1],
              ['d2', choice.d2],
            ];
      const errors = fields.map(([f, v]) => vectorError(v, n, f)).filter((e): e is string => e !== null);
      if (errors.length) return errors;
      const plane: Plane =
        choice.kind === 'points'
          ? [[...choice.p0], [...choice.p1], [...choice.p2]]
          : directionsPlane(choice.origin, choice.d1, choice.d2);
      const err = planeError(n, plane);
      if (err) return [err];
      const label =
        choice.label ??
        (choice.kind === 'points' ? 'through the pasted p0, p1, p2' : 'p0 + s·d1 + t·d2 (pasted)');
      const stored = { plane, label };
      return { spec: { kind: 'stored', name: storedPlaneName(plane, label) }, stored };
    }
  }
}

/**
 * Apply `choice` to the app's network: returns the problems (empty when applied). The current plane is kept
 * on any problem. A stored plane is registered in App.planes and handed to App.planeSaver.
 */
export function choosePlane(app: App, choice: PlaneChoice): string[] {
  const r = planeOfChoice(choice, app.net.inputDim, app.data.get());
  if (Array.isArray(r)) return r;
  const spec = r.spec;
  if (spec?.kind === 'stored' && r.stored) {
    app.planes.set(spec.name, r.stored);
    app.planeSaver?.(spec.name, r.stored);
  }
  const reasons: string[] = [];
  const off = app.on('message', (m) => {
    if (m.kind === 'error') reasons.push(m.text);
  });
  const ok = app.update((s) => {
    s.planeSpec = spec;
    s.view.plane = r.stored ? r.stored.plane : null;
  });
  off();
  return ok ? [] : reasons.length ? reasons : ['the plane could not be applied'];
}
