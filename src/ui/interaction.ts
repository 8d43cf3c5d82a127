/**
 * Pointer and keyboard interaction: drag to pan, wheel or pinch to zoom about the cursor, keys, reset;
 * hover inspector (pattern per layer, local affine map, |grad f|); click pins the region under the cursor.
 */
import type { App } from '../app/app.ts';
import { formatNumber, INSPECTOR_STYLE } from '../engine/format.ts';
import { evaluatePoint, patternHash } from '../engine/forward.ts';
import { pointAt } from '../engine/plane.ts';
import { DEFAULT_VIEW } from '../state/appState.ts';
import type { ColourMode } from '../state/colourMode.ts';
import { pageKeymap } from './keymap.ts';

/** Plane coordinates (s, t) under a CSS-pixel position of the canvas. */
function planeAt(app: App, cssX: number, cssY: number): [number, number] {
  const c = app.renderer.canvas;
  const v = app.state.view;
  return [v.x0 + (cssX / c.clientWidth) * (v.x1 - v.x0), v.y1 - (cssY / c.clientHeight) * (v.y1 - v.y0)];
}

/** Zoom the view by `factor` (< 1: in) about plane point (s, t). */
function zoomAbout(app: App, s: number, t: number, factor: number, interactive: boolean): void {
  app.update((st) => {
    const v = st.view;
    const w = (v.x1 - v.x0) * factor;
    const h = (v.y1 - v.y0) * factor;
    // Refuse to zoom past the float64 resolution of the coordinates.
    if (w < Math.abs(s) * 1e-13 || h < Math.abs(t) * 1e-13 || w < 1e-300 || !Number.isFinite(w * h)) return;
    v.x0 = s + (v.x0 - s) * factor;
    v.x1 = s + (v.x1 - s) * factor;
    v.y0 = t + (v.y0 - t) * factor;
    v.y1 = t + (v.y1 - t) * factor;
  }, interactive);
}

/** Pan by a fraction of the view (dx, dy in view widths/heights; positive: content moves left/down). */
function panBy(app: App, fx: number, fy: number, interactive: boolean): void {
  app.update((st) => {
    const v = st.view;
    const dx = (v.x1 - v.x0) * fx;
    const dy = (v.y1 - v.y0) * fy;
    v.x0 += dx;
    v.x1 += dx;
    v.y0 += dy;
    v.y1 += dy;
  }, interactive);
}

/** Handlers offered a click on the map (a press and release that did not pan) before it pins a region. */
const clickTakers: ((e: PointerEvent) => boolean)[] = [];

/**
 * Offer every click on the map (any button, not moved by more than 4 pixels) to `take` first: when it
 * returns true the click is taken (e.g. by the data editor) and no region is pinned.
 */
export function takeMapClicks(take: (e: PointerEvent) => boolean): void {
  clickTakers.push(take);
}

/** Install the handlers on the app's canvas. */
export function installInteraction(app: App): void {
  const canvas = app.renderer.canvas;
  const inspector = inspectorParts(app);
  const pointers = new Map<number, { x: number; y: number }>();
  let moved = 0;
  let pinchDist = 0;

  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
    moved = 0;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinchDist = Math.hypot(a!.x - b!.x, a!.y - b!.y);
    }
  });
  canvas.addEventListener('pointermove', (e) => {
    const p = pointers.get(e.pointerId);
    if (!p) {
      inspect(app, inspector, e.offsetX, e.offsetY);
      return;
    }
    const dx = e.offsetX - p.x;
    const dy = e.offsetY - p.y;
    p.x = e.offsetX;
    p.y = e.offsetY;
    moved += Math.abs(dx) + Math.abs(dy);
    if (pointers.size === 1) {
      panBy(app, -dx / canvas.clientWidth, dy / canvas.clientHeight, true);
    } else if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      if (pinchDist > 0 && d > 0) {
        const [s, t] = planeAt(app, (a!.x + b!.x) / 2, (a!.y + b!.y) / 2);
        zoomAbout(app, s, t, pinchDist / d, true);
      }
      pinchDist = d;
    }
  });
  const release = (e: PointerEvent) => {
    const had = pointers.delete(e.pointerId);
    if (had && pointers.size === 0 && moved < 4 && e.type === 'pointerup' && !clickTakers.some((t) => t(e)))
      pin(app, e.offsetX, e.offsetY);
    if (pointers.size < 2) pinchDist = 0;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => {
    if (pointers.size === 0) inspector.textContent = '';
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const [s, t] = planeAt(app, e.offsetX, e.offsetY);
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      zoomAbout(app, s, t, Math.exp(e.deltaY * unit * 0.0015), true);
    },
    { passive: false },
  );
  installKeys(app);
}

/** Bind the view's keys (pan, zoom, reset, switches, colour modes, unpin) in the page keymap. */
function installKeys(app: App): void {
  const keys = pageKeymap();
  const centre = (): [number, number] => {
    const v = app.state.view;
    return [(v.x0 + v.x1) / 2, (v.y0 + v.y1) / 2];
  };
  keys.bind('view.panLeft', () => panBy(app, -0.1, 0, false));
  keys.bind('view.panRight', () => panBy(app, 0.1, 0, false));
  keys.bind('view.panUp', () => panBy(app, 0, 0.1, false));
  keys.bind('view.panDown', () => panBy(app, 0, -0.1, false));
  keys.bind('view.zoomIn', () => zoomAbout(app, ...centre(), 0.5, false));
  keys.bind('view.zoomOut', () => zoomAbout(app, ...centre(), 2, false));
  keys.bind('view.reset', () =>
    app.update(
      (s) => {
        s.view = { ...DEFAULT_VIEW, plane: s.view.plane };
      },
      false,
      true,
    ),
  );
  keys.bind('draw.boundaries', () =>
    app.update((s) => {
      s.boundaries = !s.boundaries;
    }),
  );
  keys.bind('draw.polygons', () =>
    app.update((s) => {
      s.polygons = !s.polygons;
    }),
  );
  const modes = {
    'mode.regions': 'regions',
    'mode.gradient': 'gradient',
    'mode.output': 'output',
    'mode.layer': 'layer',
    'mode.complexity': 'complexity',
  } as const;
  for (const [action, mode] of Object.entries(modes) as [keyof typeof modes, ColourMode][])
    keys.bind(action, () =>
      app.update((s) => {
        s.mode = mode;
      }),
    );
  keys.bind(
    'region.unpin',
    () => {
      app.pinned = null;
      app.requestRender();
    },
    () => app.pinned !== null,
  );
}

const fmt = (x: number) => formatNumber(x, INSPECTOR_STYLE);

/** The pinned region's lines of the inspector (its area, pattern and affine map), kept until unpinned. */
let pinnedLine: HTMLElement | undefined;

/**
 * Split the inspector into the hover part (returned; it follows the pointer) and the pinned region's part,
 * which stays until the region is unpinned (Escape, or any change of the view or the network).
 */
function inspectorParts(app: App): HTMLElement {
  const el = document.getElementById('inspector')!;
  const hover = document.createElement('div');
  const pinned = document.createElement('div');
  pinned.className = 'pinned';
  el.append(hover, pinned);
  pinnedLine = pinned;
  const clear = () => {
    if (app.pinned === null) pinned.textContent = '';
  };
  app.on('changed', clear);
  app.on('drawn', clear);
  return hover;
}

/** The inspector's lines for plane point (s, t): the point and region id, the pattern, the affine map. */
function describe(app: App, s: number, t: number): string[] {
  const x = pointAt(app.map, s, t, new Float64Array(app.net.inputDim));
  const ev = evaluatePoint(app.net, x);
  const perLayer: string[] = [];
  let off = 0;
  for (const L of app.net.layers) {
    if (L.activation !== 'linear') {
      const states = Array.from(ev.pattern.subarray(off, off + L.outDim)).join('');
      perLayer.push(states.length > 48 ? `${states.slice(0, 48)}…` : states);
    }
    off += L.outDim;
  }
  // Affine map in plane coordinates: f(s, t) = a_s s + a_t t + b, from the input-space Jacobian.
  const n = app.net.inputDim;
  const k = Math.max(0, app.state.output);
  let as = 0;
  let at = 0;
  let b = ev.offset[k]!;
  for (let i = 0; i < n; i++) {
    const g = ev.jacobian[k * n + i]!;
    as += g * app.map.ds[i]!;
    at += g * app.map.dt[i]!;
    b += g * app.map.origin[i]!;
  }
  const id = patternHash(ev.pattern);
  return [
    `(s, t) = (${fmt(s)}, ${fmt(t)})   region ${id.toString(16).padStart(16, '0')}`,
    `pattern ${perLayer.join(' | ')}`,
    `f${k} = ${fmt(as)} s + ${fmt(at)} t + ${fmt(b)}   |grad f${k}| = ${fmt(Math.hypot(as, at))}   f${k} = ${fmt(ev.output[k]!)}`,
  ];
}

/** Show the inspector for the point under the cursor. */
function inspect(app: App, el: HTMLElement, cssX: number, cssY: number): void {
  const [s, t] = planeAt(app, cssX, cssY);
  el.textContent = describe(app, s, t).join('\n');
}

/** Pin the region under the cursor: its exact polygon and area from the worker's enumeration. */
function pin(app: App, cssX: number, cssY: number): void {
  const [s, t] = planeAt(app, cssX, cssY);
  const x = pointAt(app.map, s, t, new Float64Array(app.net.inputDim));
  const ev = evaluatePoint(app.net, x);
  const k = app.state.mode === 'layer' ? app.state.layer : app.net.layers.length;
  let neurons = 0;
  for (let l = 0; l < k; l++) neurons += app.net.layers[l]!.outDim;
  const id = patternHash(ev.pattern, neurons);
  const lo = Number(id & 0xffffffffn);
  const hi = Number(id >> 32n);
  const region = app.exact.regionByHash(lo, hi);
  if (!region) {
    app.pinned = null;
    app.notify(
      'info',
      'The exact polygons of this view are not available (still computing, or too many regions).',
    );
  } else {
    app.pinned = region.polygon;
    app.notify(
      'info',
      `Pinned region ${id.toString(16).padStart(16, '0')}: area ${fmt(region.area)}, ${region.polygon.length / 2} vertices.`,
    );
    const [, pattern, affine] = describe(app, s, t);
    if (pinnedLine)
      pinnedLine.textContent =
        `pinned ${id.toString(16).padStart(16, '0')}: area ${fmt(region.area)}, ${region.polygon.length / 2} vertices (Esc unpins)\n` +
        `${pattern}\n${affine!.replace(/ {3}f\d+ = \S+$/, '')}`;
  }
  app.requestRender();
}
