/**
 * The data layer of the map: a 2-D canvas above the GPU map that draws the data points (coloured by class
 * or by target, outlined, line widths in CSS pixels), projected onto the view's plane with their distance
 * to it shown by opacity; and the data editor: while "edit data" is on, a click adds a point of the current
 * class, Shift-click one of the other class, a right-click removes the nearest point (pan, zoom and the
 * cross-section drag keep working; pinning is off while editing).
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { classCount } from '../app/dataStore.ts';
import {
  nearestPoint,
  type ProjectedPoints,
  planeOpacity,
  projectPoints,
  viewInputWidth,
} from '../engine/dataPoints.ts';
import { pointAt } from '../engine/plane.ts';
import { classColour, diverging } from '../render/palette.ts';
import { fitCanvasOverMap } from './canvasOverMap.ts';
import { takeMapClicks } from './interaction.ts';
import { pageKeymap } from './keymap.ts';

/** Radius of a point on the plane, in CSS pixels. */
export const POINT_RADIUS_PX = 4.5;
/** A right-click removes the nearest point within this many CSS pixels. */
export const REMOVE_RADIUS_PX = 24;
/** The opacity scale (engine planeOpacity) is this fraction of the view's width in input units. */
const FADE_FRACTION = 1 / 20;

/** What {@link installDataLayer} returns, for the GUI and the tests. */
export interface DataLayer {
  /** The layer's canvas (the map's box; pointer events pass through). */
  readonly canvas: HTMLCanvasElement;
  /** Redraw now. */
  draw(): void;
  /** Whether clicks on the map edit the data. */
  editing(): boolean;
  /** Turn the data editor on or off. */
  setEditing(on: boolean): void;
  /** How many points were drawn last (those inside the view). */
  drawnCount(): number;
}

/** Install the layer above `app.renderer.canvas` and its folder in `gui`. */
export function installDataLayer(app: App, gui: GUI): DataLayer {
  const map = app.renderer.canvas;
  const canvas = document.createElement('canvas');
  canvas.className = 'data-layer';
  canvas.style.cssText = 'position:absolute;pointer-events:none;';
  map.insertAdjacentElement('afterend', canvas);
  const p = { edit: false, cls: 1, target: 1, clear: () => app.data.set(null), count: '' };
  let proj: ProjectedPoints | null = null;
  let projKey: unknown[] = [];
  let drawn = 0;
  let lastProblem = '';
  const projection = (): ProjectedPoints | null => {
    const d = app.data.get();
    if (!d) return null;
    const key = [app.data.version, app.map];
    if (key[0] !== projKey[0] || key[1] !== projKey[1]) {
      const r = projectPoints(d.points, app.map);
      projKey = key;
      proj = typeof r === 'string' ? null : r;
      const problem = typeof r === 'string' ? `The data points are not drawn: ${r}.` : '';
      if (problem && problem !== lastProblem) app.notify('error', problem);
      lastProblem = problem;
    }
    return proj;
  };
  // What the last picture was drawn from: a frame of new weights only (live training) changes none of it,
  // and redrawing the same points at every frame would only keep the compositor busy.
  let pictureKey: unknown[] = [];
  const draw = () => {
    const { width: W, height: H, dpr } = fitCanvasOverMap(canvas, map);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    // Without points the layer is hidden (the compositor would blend an empty canvas at every frame).
    if (!app.data.get()) canvas.hidden = true;
    const v0 = app.state.view;
    const key: unknown[] = [W, H, dpr, app.data.get(), app.data.version, app.map, v0.x0, v0.x1, v0.y0, v0.y1];
    key.push(app.state.look.palette, canvas.hidden);
    if (key.length === pictureKey.length && key.every((k, i) => k === pictureKey[i])) return;
    pictureKey = key;
    ctx.clearRect(0, 0, W, H);
    drawn = 0;
    const d = app.data.get();
    const pr = projection();
    p.count = d ? `${d.points.count} (${d.kind})` : 'none';
    countCtl.updateDisplay();
    if (!d || !pr) return;
    const v = app.state.view;
    const sx = W / (v.x1 - v.x0);
    const sy = H / (v.y1 - v.y0);
    const fade = viewInputWidth(app.map, v.x0, v.x1) * FADE_FRACTION;
    const classes = d.kind === 'classification';
    let maxAbs = 0;
    if (!classes)
      for (let i = 0; i < d.points.count; i++) maxAbs = Math.max(maxAbs, Math.abs(d.points.y[i]!));
    const rgb = new Uint8Array(3);
    const palette = app.state.look.palette;
    const r = POINT_RADIUS_PX * dpr;
    ctx.lineWidth = 1.5 * dpr;
    ctx.strokeStyle = '#111';
    for (let i = 0; i < d.points.count; i++) {
      const x = (pr.s[i]! - v.x0) * sx;
      const y = (v.y1 - pr.t[i]!) * sy;
      if (x < -r || y < -r || x > W + r || y > H + r) continue;
      const alpha = planeOpacity(pr.distance[i]!, fade);
      if (alpha < 0.02) continue;
      if (classes) classColour(d.points.y[i]!, rgb, 0, palette);
      else diverging(maxAbs > 0 ? d.points.y[i]! / maxAbs : 0, rgb, 0, palette);
      ctx.globalAlpha = alpha;
      ctx.fillStyle = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      if (d.testFrom !== undefined && i >= d.testFrom) {
        // Test points: hollow rings in the point's colour, outlined so they read on any map colour.
        ctx.stroke();
        ctx.strokeStyle = ctx.fillStyle;
        ctx.beginPath();
        ctx.arc(x, y, r - 1.5 * dpr, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.strokeStyle = '#111';
      } else {
        ctx.fill();
        ctx.stroke();
      }
      drawn++;
    }
    ctx.globalAlpha = 1;
  };

  const planeOf = (e: MouseEvent): [number, number] => {
    const rect = map.getBoundingClientRect();
    const v = app.state.view;
    return [
      v.x0 + ((e.clientX - rect.left) / rect.width) * (v.x1 - v.x0),
      v.y1 - ((e.clientY - rect.top) / rect.height) * (v.y1 - v.y0),
    ];
  };
  const add = (e: MouseEvent, other: boolean) => {
    const [s, t] = planeOf(e);
    const x = pointAt(app.map, s, t, new Float64Array(app.net.inputDim));
    const d = app.data.get();
    let y: number;
    if (d?.kind === 'regression') y = other ? -p.target : p.target;
    else y = other ? (p.cls === 0 ? 1 : 0) : p.cls;
    const err = app.data.add(x, y, app.net.inputDim);
    if (err) app.notify('error', `The point was not added: ${err}.`);
  };
  const remove = (e: MouseEvent) => {
    const pr = projection();
    if (!pr) return;
    const [s, t] = planeOf(e);
    const v = app.state.view;
    const rect = map.getBoundingClientRect();
    const k = nearestPoint(
      pr,
      s,
      t,
      rect.width / (v.x1 - v.x0),
      rect.height / (v.y1 - v.y0),
      REMOVE_RADIUS_PX,
    );
    if (k >= 0) app.data.remove(k);
  };
  // A plain click or a right-click that did not pan: taken from the map's pin while editing.
  takeMapClicks((e) => {
    if (!p.edit) return false;
    if (e.button === 2) remove(e);
    else if (e.button === 0 && !e.shiftKey) add(e, false);
    return true;
  });
  map.addEventListener('contextmenu', (e) => {
    if (p.edit) e.preventDefault();
  });
  // Shift-click while editing: taken before the cross-section drag (which listens on window too, installed
  // later) and before the map's pan sees it; a Shift-drag that moves further draws nothing.
  let shiftDown: { id: number; x: number; y: number } | null = null;
  window.addEventListener(
    'pointerdown',
    (e) => {
      if (!p.edit || e.target !== map || !e.shiftKey || e.button !== 0) return;
      e.stopImmediatePropagation();
      e.preventDefault();
      shiftDown = { id: e.pointerId, x: e.clientX, y: e.clientY };
    },
    { capture: true },
  );
  const shiftUp = (e: PointerEvent) => {
    if (!shiftDown || e.pointerId !== shiftDown.id) return;
    e.stopImmediatePropagation();
    const moved = Math.abs(e.clientX - shiftDown.x) + Math.abs(e.clientY - shiftDown.y);
    shiftDown = null;
    if (e.type === 'pointerup' && moved < 4) add(e, true);
  };
  window.addEventListener('pointerup', shiftUp, { capture: true });
  window.addEventListener('pointercancel', shiftUp, { capture: true });

  const folder = gui.addFolder('Data');
  const editCtl = folder
    .add(p, 'edit')
    .name('edit data (e)')
    .onChange(() => {
      map.classList.toggle('editing-data', p.edit);
    });
  folder.add(p, 'cls', 0, 9, 1).name('class of a click');
  folder.add(p, 'target', -10, 10, 0.1).name('target of a click');
  folder.add(p, 'clear').name('clear data');
  const countCtl = folder.add(p, 'count').name('points').disable();
  const setEditing = (on: boolean) => {
    p.edit = on;
    editCtl.updateDisplay();
    map.classList.toggle('editing-data', on);
  };
  pageKeymap().bind('data.edit', () => setEditing(!p.edit));

  app.data.onChange((d) => {
    if (d?.kind === 'classification') p.cls = Math.min(p.cls, Math.max(1, classCount(d) - 1));
    draw();
  });
  app.on('changed', draw);
  app.on('drawn', draw);
  window.addEventListener('resize', draw);
  draw();
  return {
    canvas,
    draw,
    editing: () => p.edit,
    setEditing,
    drawnCount: () => drawn,
  };
}
