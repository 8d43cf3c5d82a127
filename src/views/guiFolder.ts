/**
 * The views' folder of the explorer's lil-gui panel: the main view (map, surface, 1-D), the contour
 * spacing, and buttons for the panels, the tour and the surface's PNG. Bound to a plain object mirrored from the settings.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { EXPORT_URL_MS } from '../engine/limits.ts';
import { CONTOUR_SPACINGS, type ViewKind } from '../state/viewSettings.ts';
import type { Dock } from './dock.ts';
import type { SettingsHost } from './settings.ts';
import type { SurfaceView } from './surface.ts';
import type { Tour } from './tour.ts';

/** Contour choices of the folder: label to spacing (0 none, -1 automatic). */
export const CONTOUR_CHOICES: Record<string, number> = Object.fromEntries(
  CONTOUR_SPACINGS.map((c) => [c === 0 ? 'none' : c < 0 ? 'auto' : String(c), c]),
);

/** What the folder drives: the settings host, the dock's panels and the tour (install.ts's Views has them). */
export interface ViewsFolderTargets {
  /** Where the view settings live. */
  host: SettingsHost;
  /** The dock whose panels the buttons show. */
  dock: Pick<Dock, 'show'>;
  /** The tour the tour button opens at its current step. */
  tour: Pick<Tour, 'go' | 'step'>;
  /** The 3-D surface view (its PNG button), or null without WebGL2. */
  surface?: Pick<SurfaceView, 'exportPng' | 'canvas'> | null;
}

/** Download the surface as a PNG at twice its canvas's size (with its axes when they are on). */
async function downloadSurface(app: App, surface: Pick<SurfaceView, 'exportPng' | 'canvas'>): Promise<void> {
  try {
    const c = surface.canvas;
    const blob = await surface.exportPng(Math.min(8192, 2 * c.width), Math.min(8192, 2 * c.height));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'relu-origami-surface.png';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), EXPORT_URL_MS);
  } catch (e) {
    app.notify('error', e instanceof Error ? e.message : String(e));
  }
}

/** Add the "Views" folder to `gui`; it follows the settings on every change of the app. */
export function addViewsFolder(gui: GUI, app: App, views: ViewsFolderTargets): GUI {
  const folder = gui.addFolder('Views');
  const host = views.host;
  const p = {
    kind: host.get().kind as ViewKind,
    contours: host.get().contours,
    section: () => views.dock.show('section'),
    clear: () => host.set((v) => (v.section = null)),
    analysis: () => views.dock.show('analysis'),
    verify: () => views.dock.show('verify'),
    network: () => views.dock.show('network'),
    tour: () => void views.tour.go(views.tour.step()),
    surfacePng: () => {
      if (views.surface) void downloadSurface(app, views.surface);
      else app.notify('error', 'surface PNG: the 3-D surface needs WebGL2, which this browser lacks');
    },
  };
  const kind = folder
    .add(p, 'kind', { 'map (GPU)': 'map', '3-D surface': 'surface', '1-D view': 'line' })
    .name('main view')
    .onChange(() => host.set((v) => (v.kind = p.kind)));
  const contours = folder
    .add(p, 'contours', CONTOUR_CHOICES)
    .name('contours of f')
    .onChange(() => host.set((v) => (v.contours = p.contours)));
  folder.add(p, 'section').name('cross-section (shift-drag)');
  folder.add(p, 'clear').name('clear cross-section');
  folder.add(p, 'analysis').name('region analysis');
  folder.add(p, 'verify').name('numerical verification');
  folder.add(p, 'network').name('network diagram');
  folder.add(p, 'tour').name('guided tour');
  folder.add(p, 'surfacePng').name('export surface PNG');
  app.on('changed', () => {
    const v = host.get();
    p.kind = v.kind;
    p.contours = v.contours;
    kind.updateDisplay();
    contours.updateDisplay();
  });
  return folder;
}
