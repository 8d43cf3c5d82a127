/**
 * A canvas-2D overlay above the GPU map: exact contour lines of f (engine/contours.ts) and the cross-section
 * segment with its exact pieces and breakpoints. Shift-drag on the map draws the segment (the map's own
 * pan is not triggered); Escape clears it.
 */
import type { App } from '../app/app.ts';
import { contourSegments, niceSpacing } from '../engine/contours.ts';
import { type LineProfile, lineProfile } from '../engine/profile.ts';
import type { Section } from '../state/viewSettings.ts';
import { fitCanvasOverMap } from '../ui/canvasOverMap.ts';
import { pageKeymap } from '../ui/keymap.ts';
import type { ExactRegions } from './exactRegions.ts';
import type { SettingsHost } from './settings.ts';

/** What the overlay draws, for the panels and the tests. */
export interface MapOverlay {
  /** The overlay canvas (same box as the map canvas, pointer events pass through). */
  canvas: HTMLCanvasElement;
  /** Redraw; the contours only when `contours` (default true: they need the exact regions of the view). */
  draw(contours?: boolean): void;
  /** The section being drawn or committed (plane coordinates), or null. */
  section(): Section | null;
  /** The exact profile along the section (null without one). */
  sectionProfile(): LineProfile | null;
  /** The spacing of the contours drawn last (0: none), and how many segments. */
  contourStats(): { spacing: number; segments: number; note: string };
  /** Listeners called while the section is dragged (before it is committed). */
  onSection: ((s: Section | null) => void)[];
  /** Make the next drag on the map draw the section without Shift (touch screens); disarmed after it. */
  arm(): void;
}

/** The profile of output `output` along `section` for the app's network and plane (x from 0 to its length). */
export function sectionProfile(app: App, section: Section, output: number): LineProfile {
  return lineProfile(app.net, app.map, [section[0], section[1]], [section[2], section[3]], { output });
}

/** Install the overlay above `app.renderer.canvas`. */
export function installMapOverlay(app: App, host: SettingsHost, regions: ExactRegions): MapOverlay {
  const map = app.renderer.canvas;
  const canvas = document.createElement('canvas');
  canvas.className = 'views-overlay';
  canvas.style.cssText = 'position:absolute;pointer-events:none;';
  map.insertAdjacentElement('afterend', canvas);
  let dragging: Section | null = null;
  let armed = false;
  let profile: LineProfile | null = null;
  let profileKey = '';
  let stats = { spacing: 0, segments: 0, note: '' };
  let lastRefusal = '';
  const current = (): Section | null => dragging ?? host.get().section;
  const output = () => Math.max(0, app.state.output);
  const profileOf = (s: Section | null): LineProfile | null => {
    if (!s) return null;
    const key = JSON.stringify([s, output(), app.state.view.plane]);
    if (key !== profileKey || !profile) {
      profile = sectionProfile(app, s, output());
      profileKey = key;
    }
    return profile;
  };
  // Without a section, the profile must follow the network too: keyed on the network object.
  let lastNet = app.net;
  const overlay: MapOverlay = {
    canvas,
    onSection: [],
    arm() {
      armed = true;
    },
    section: current,
    sectionProfile: () => profileOf(current()),
    contourStats: () => stats,
    draw(withContours = true) {
      if (app.net !== lastNet) {
        profile = null;
        lastNet = app.net;
      }
      const { dpr } = fitCanvasOverMap(canvas, map);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      // An empty layer is hidden: the page's compositor blends every shown canvas at every frame.
      let drew = false;
      const v = app.state.view;
      const W = canvas.width;
      const H = canvas.height;
      const px = (s: number) => ((s - v.x0) / (v.x1 - v.x0)) * W;
      const py = (t: number) => ((v.y1 - t) / (v.y1 - v.y0)) * H;
      const settings = host.get();
      stats = { spacing: 0, segments: 0, note: '' };
      if (withContours && settings.contours !== 0 && settings.kind === 'map') {
        const r = regions.get({ net: app.net, view: v });
        if (!r) stats.note = 'computing the exact regions…';
        else if (!r.ok) stats.note = r.reason;
        else {
          let spacing = settings.contours;
          if (spacing < 0) {
            let lo = Number.POSITIVE_INFINITY;
            let hi = Number.NEGATIVE_INFINITY;
            const k = output();
            for (const g of r.enumeration.regions) {
              const p = g.polygon;
              for (let i = 0; i < p.length; i += 2) {
                const f = g.jacobian[2 * k]! * p[i]! + g.jacobian[2 * k + 1]! * p[i + 1]! + g.offset[k]!;
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
              }
            }
            spacing = niceSpacing(lo, hi, 12);
          }
          const c = contourSegments(r.enumeration.regions, spacing, { output: output() });
          stats = {
            spacing,
            segments: c.count,
            note: c.refused || (c.truncated ? 'too many contour segments: truncated' : ''),
          };
          // Said once per new refusal (redraws of the same view repeat it silently).
          if (c.refused && c.refused !== lastRefusal) app.notify('error', c.refused);
          lastRefusal = c.refused;
          // Three batched paths: positive levels (white), negative (dark), the zero level (black, thicker).
          const paths = [new Path2D(), new Path2D(), new Path2D()];
          for (let i = 0; i < c.count; i++) {
            const level = c.levels[i]!;
            const path = paths[level === 0 ? 2 : level > 0 ? 0 : 1]!;
            path.moveTo(px(c.segments[4 * i]!), py(c.segments[4 * i + 1]!));
            path.lineTo(px(c.segments[4 * i + 2]!), py(c.segments[4 * i + 3]!));
          }
          // Dashed, so that contours never read as region boundaries (which are solid): widths and dashes
          // in CSS pixels times devicePixelRatio.
          const styles = ['rgba(255,255,255,0.9)', 'rgba(20,20,20,0.8)', 'rgba(0,0,0,0.95)'];
          drew = c.count > 0;
          paths.forEach((path, k) => {
            ctx.strokeStyle = styles[k]!;
            ctx.lineWidth = (k === 2 ? 2.5 : 1.5) * dpr;
            ctx.setLineDash(k === 2 ? [] : [5 * dpr, 3 * dpr]);
            ctx.stroke(path);
          });
          ctx.setLineDash([]);
        }
      }
      const s = current();
      const prof = profileOf(s);
      if (s && prof) {
        drew = true;
        const at = (x: number): [number, number] => {
          const u = prof.x1 > prof.x0 ? (x - prof.x0) / (prof.x1 - prof.x0) : 0;
          return [px(s[0] + u * (s[2] - s[0])), py(s[1] + u * (s[3] - s[1]))];
        };
        prof.pieces.forEach((q, i) => {
          const [ax, ay] = at(q.x0);
          const [bx, by] = at(q.x1);
          ctx.lineCap = 'butt';
          ctx.strokeStyle = '#000';
          ctx.lineWidth = 6 * dpr;
          ctx.beginPath();
          ctx.moveTo(ax, ay);
          ctx.lineTo(bx, by);
          ctx.stroke();
          ctx.strokeStyle = i % 2 ? '#ffd84a' : '#ffffff';
          ctx.lineWidth = 3 * dpr;
          ctx.beginPath();
          ctx.moveTo(ax, ay);
          ctx.lineTo(bx, by);
          ctx.stroke();
        });
        ctx.fillStyle = '#e0194a';
        for (const b of prof.breakpoints) {
          const [x, y] = at(b.x);
          ctx.beginPath();
          ctx.arc(x, y, 3 * dpr, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      if (!drew) canvas.hidden = true;
    },
  };
  // Shift-drag draws the section; capture on window so the map's pan handler never sees these events.
  const plane = (e: PointerEvent): [number, number] => {
    const rect = map.getBoundingClientRect();
    const v = app.state.view;
    return [
      v.x0 + ((e.clientX - rect.left) / rect.width) * (v.x1 - v.x0),
      v.y1 - ((e.clientY - rect.top) / rect.height) * (v.y1 - v.y0),
    ];
  };
  window.addEventListener(
    'pointerdown',
    (e) => {
      if (e.target !== map || !(e.shiftKey || armed)) return;
      armed = false;
      e.stopPropagation();
      e.preventDefault();
      const [s, t] = plane(e);
      dragging = [s, t, s, t];
    },
    { capture: true },
  );
  window.addEventListener(
    'pointermove',
    (e) => {
      if (!dragging) return;
      e.stopPropagation();
      const [s, t] = plane(e);
      dragging = [dragging[0], dragging[1], s, t];
      overlay.draw(false);
      for (const f of overlay.onSection) f(dragging);
    },
    { capture: true },
  );
  const finish = (e: PointerEvent) => {
    if (!dragging) return;
    e.stopPropagation();
    const v = app.state.view;
    const d = roundSection(dragging, v.x1 - v.x0);
    dragging = null;
    const long = Math.hypot(d[2] - d[0], d[3] - d[1]) > 0;
    host.set((v) => {
      v.section = long ? d : null;
    });
  };
  window.addEventListener('pointerup', finish, { capture: true });
  window.addEventListener('pointercancel', finish, { capture: true });
  pageKeymap().bind(
    'section.clear',
    () => host.set((v) => (v.section = null)),
    () => Boolean(host.get().section),
  );
  app.on('changed', () => overlay.draw(false));
  app.on('drawn', (_a, reduction) => {
    if (reduction === 1) overlay.draw();
  });
  window.addEventListener('resize', () => overlay.draw());
  regions.onResult(() => {
    if (host.get().contours !== 0) overlay.draw();
  });
  overlay.draw();
  return overlay;
}

/**
 * `s` with its coordinates rounded to a power of ten about 1e-5 of `width` (a pointer cannot be more
 * precise), so that the URL hash stays short. Returns a new section.
 */
export function roundSection(s: Section, width: number): Section {
  const q = 10 ** Math.floor(Math.log10(width * 1e-5));
  if (!(q > 0) || !Number.isFinite(q)) return [...s];
  const r = (x: number) => Number((Math.round(x / q) * q).toPrecision(15));
  return [r(s[0]), r(s[1]), r(s[2]), r(s[3])];
}
