/**
 * The "Plane" folder of the panel, for networks with more than 2 inputs: choose the plane slice by two
 * coordinate axes, a seeded random orthonormal pair, three pasted points, a pasted point and two
 * directions, three rows of a CSV of inputs (by index or label), or three rows of the data on the map. Every problem is listed under the
 * folder, each naming its field, and the current plane is kept. Planes made of pasted vectors or CSV rows
 * are kept in this browser's storage under the name the URL hash gives them (as loaded models are).
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import type { App } from '../app/app.ts';
import { choosePlane, type PlaneChoice } from '../app/planeChoice.ts';
import { chooseRows, type InputRows, parseInputRows, parseVector } from '../engine/planes.ts';
import type { StoredPlane } from '../state/planeSpec.ts';
import { restoreStoredModels, type StoredModels } from './files.ts';

/** The localStorage key of a stored plane is this prefix followed by its name. */
export const PLANE_STORE_PREFIX = 'relu-origami/plane/';

/** The ways to choose a plane, as the folder's selector names them. */
export const PLANE_MODES = {
  'default (e0, e1)': 'default',
  'coordinate axes': 'axes',
  'random (seed)': 'random',
  'three points': 'points',
  'point + 2 directions': 'directions',
  'CSV rows': 'rows',
  'data rows': 'data',
} as const;
type PlaneMode = (typeof PLANE_MODES)[keyof typeof PLANE_MODES];

/** Parse a stored plane's text (JSON {plane, label}); returns it or the problems. */
export function parseStoredPlane(text: string): StoredPlane | string[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return ['not JSON'];
  }
  const o = v as { plane?: unknown; label?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.label !== 'string' || o.label.length > 300)
    return ['expected {"plane": [p0, p1, p2], "label": "..."}'];
  const pl = o.plane;
  if (!Array.isArray(pl) || pl.length !== 3) return ['plane must be three points'];
  const n = Array.isArray(pl[0]) ? pl[0].length : 0;
  for (const p of pl) {
    if (
      !Array.isArray(p) ||
      p.length !== n ||
      n < 3 ||
      !p.every((x) => typeof x === 'number' && Number.isFinite(x))
    )
      return ['plane must be three points of one length (at least 3) of finite numbers'];
  }
  return { plane: pl as unknown as StoredPlane['plane'], label: o.label };
}

/** Register the planes kept in `storage` with `app` (broken entries are reported and removed). */
export function restorePlanes(app: App, storage: StoredModels): void {
  const r = restoreStoredModels(
    storage,
    (text, name) => {
      const p = parseStoredPlane(text);
      if (Array.isArray(p)) return p;
      app.planes.set(name, p);
      return [];
    },
    PLANE_STORE_PREFIX,
  );
  for (const s of r.skipped)
    app.notify('error', `The saved plane "${s.name}" could not be restored and was removed: ${s.reason}`);
}

/** Add the folder to `gui` and restore the stored planes; it shows only for networks of more than 2 inputs. */
export function installPlanePanel(app: App, gui: GUI): GUI {
  let storage: Storage | null = null;
  try {
    storage = localStorage;
  } catch {
    // Storage disabled: planes last as long as the page.
  }
  if (storage) restorePlanes(app, storage);
  app.planeSaver = (name, plane) => {
    try {
      storage?.setItem(PLANE_STORE_PREFIX + name, JSON.stringify(plane));
    } catch {
      app.notify('info', `The plane "${name}" is too large for this browser's storage: a reload forgets it.`);
    }
  };
  const folder = gui.addFolder('Plane');
  let csv: { rows: InputRows; name: string } | null = null;
  const p = {
    mode: 'default' as PlaneMode,
    i: 0,
    j: 1,
    seed: 1,
    p0: '',
    p1: '',
    p2: '',
    origin: '',
    d1: '',
    d2: '',
    rows: '0, 1, 2',
    dataRows: '0, 1, 2',
    csv: () => picker.click(),
    apply: () => apply(),
  };
  const errorBox = document.createElement('div');
  errorBox.className = 'plane-errors';
  errorBox.setAttribute('role', 'status');
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = '.csv,.txt,text/csv';
  picker.hidden = true;
  document.body.append(picker);
  const mode = folder
    .add(p, 'mode', PLANE_MODES)
    .name('plane by')
    .onChange(() => show());
  const byMode: Record<PlaneMode, Controller[]> = {
    default: [],
    axes: [
      folder.add(p, 'i', 0, 1, 1).name('axis s (e_i)'),
      folder.add(p, 'j', 0, 1, 1).name('axis t (e_j)'),
    ],
    random: [folder.add(p, 'seed', 0, 0xffffffff, 1).name('seed')],
    points: [folder.add(p, 'p0'), folder.add(p, 'p1'), folder.add(p, 'p2')],
    directions: [folder.add(p, 'origin').name('point p0'), folder.add(p, 'd1'), folder.add(p, 'd2')],
    rows: [
      folder.add(p, 'csv').name('CSV of inputs…'),
      folder.add(p, 'rows').name('rows (index or label=N)'),
    ],
    data: [folder.add(p, 'dataRows').name('data rows (index or label=N)')],
  };
  folder.add(p, 'apply').name('apply plane');
  folder.$children.append(errorBox);
  const report = (errs: string[]) => {
    errorBox.replaceChildren(
      ...errs.map((e) => {
        const line = document.createElement('div');
        line.textContent = e;
        return line;
      }),
    );
    if (errs.length) app.notify('error', `The plane was not changed:\n${errs.join('\n')}`);
  };
  const show = () => {
    for (const [m, cs] of Object.entries(byMode)) for (const c of cs) c.show(m === p.mode);
  };
  const vectors = (fields: readonly (keyof typeof p & ('p0' | 'p1' | 'p2' | 'origin' | 'd1' | 'd2'))[]) => {
    const n = app.net.inputDim;
    const errs: string[] = [];
    const out = fields.map((f) => {
      const v = parseVector(p[f], n, f === 'origin' ? 'p0' : f);
      if (typeof v === 'string') errs.push(v);
      return typeof v === 'string' ? [] : v;
    });
    return { errs, out };
  };
  const apply = () => {
    let choice: PlaneChoice;
    switch (p.mode) {
      case 'axes':
        choice = { kind: 'axes', i: p.i, j: p.j };
        break;
      case 'random':
        choice = { kind: 'random', seed: p.seed };
        break;
      case 'points': {
        const { errs, out } = vectors(['p0', 'p1', 'p2']);
        if (errs.length) return report(errs);
        choice = { kind: 'points', p0: out[0]!, p1: out[1]!, p2: out[2]! };
        break;
      }
      case 'directions': {
        const { errs, out } = vectors(['origin', 'd1', 'd2']);
        if (errs.length) return report(errs);
        choice = { kind: 'directions', origin: out[0]!, d1: out[1]!, d2: out[2]! };
        break;
      }
      case 'rows': {
        if (!csv) return report(['rows: load a CSV of inputs first']);
        if (csv.rows.inputDim !== app.net.inputDim)
          return report([
            `${csv.name} has ${csv.rows.inputDim} inputs per row, the network ${app.net.inputDim}`,
          ]);
        const r = chooseRows(csv.rows, p.rows);
        if (Array.isArray(r)) return report(r);
        const [a, b, c] = r.plane;
        choice = {
          kind: 'points',
          p0: a,
          p1: b,
          p2: c,
          label: `through rows ${r.indices.join(', ')} of ${csv.name}`,
        };
        break;
      }
      case 'data':
        choice = { kind: 'data', rows: p.dataRows.split(/[\s,;]+/).filter((t) => t !== '') };
        break;
      default:
        choice = { kind: 'default' };
    }
    report(choosePlane(app, choice));
  };
  picker.addEventListener('change', () => {
    const f = picker.files?.[0];
    picker.value = '';
    if (!f) return;
    void f.text().then((text) => {
      const r = parseInputRows(text, app.net.inputDim);
      if (Array.isArray(r)) {
        csv = null;
        return report(r.slice(0, 8).map((e) => `${f.name}: ${e}`));
      }
      csv = { rows: r, name: f.name };
      report([]);
      app.notify('info', `Read ${r.rows.length} rows of ${f.name}${r.labels ? ' (with labels)' : ''}.`);
    });
  });
  const pull = () => {
    const n = app.net.inputDim;
    folder.show(n > 2);
    for (const c of [...byMode.axes]) c.max(Math.max(1, n - 1)).updateDisplay();
    const spec = app.state.planeSpec;
    if (spec?.kind === 'axes') Object.assign(p, { mode: 'axes', i: spec.i, j: spec.j });
    else if (spec?.kind === 'random') Object.assign(p, { mode: 'random', seed: spec.seed });
    else if (!spec && !app.state.view.plane) p.mode = 'default';
    mode.updateDisplay();
    for (const cs of Object.values(byMode)) for (const c of cs) c.updateDisplay();
    show();
  };
  app.on('changed', pull);
  pull();
  return folder;
}
