/**
 * Wiring of the demo views into a page that has an App: the main-view selector (GPU map, 3-D surface,
 * 1-D view), the map overlay (contours, cross-section), the dock (section, analysis, verify) and the tour
 * (a deck played by the page's deck player).
 * Everything is driven by the app's state and the view settings; see settings.ts.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { patternHashInto } from '../engine/forward.ts';
import type { LineProfile } from '../engine/profile.ts';
import { lineProfile } from '../engine/profile.ts';
import { SURFACE_CLASS_OUTPUTS, surfaceMesh } from '../engine/surface.ts';
import { CONTOUR_SPACINGS, type Section, VIEW_KINDS, type ViewKind } from '../state/viewSettings.ts';
import { type DeckPlayer, installDeckPlayer } from '../ui/deckPlayer.ts';
import { exportSizeFor, setMainViewExport } from '../ui/exportPanel.ts';
import { pageKeymap } from '../ui/keymap.ts';
import { type AnalysisFigures, installAnalysis } from './analysisPanel.ts';
import { buttonRow, createDock, type Dock, injectViewStyles } from './dock.ts';
import { ExactRegions, type RegionsResult } from './exactRegions.ts';
import { addViewsFolder } from './guiFolder.ts';
import { Line1dView } from './line1d.ts';
import { installMapOverlay, type MapOverlay, sectionProfile } from './mapOverlay.ts';
import { installNetworkDiagram, type NetworkDiagram } from './networkDiagram.ts';
import { fitCanvas, fmt } from './plot.ts';
import { localSettings, type SettingsHost } from './settings.ts';
import { type SurfaceColour, SurfaceView } from './surface.ts';
import { installTour, type Tour } from './tour.ts';
import { installVerification, type VerificationFigures } from './verificationPanel.ts';

/** Handles on everything {@link installViews} created (for the scripting API and the tests). */
export interface Views {
  /** Where the view settings live. */
  host: SettingsHost;
  /** The shared memo of the view's exact regions. */
  regions: ExactRegions;
  /** The overlay above the map. */
  overlay: MapOverlay;
  /** The 3-D surface view, or null when its WebGL2 context could not be created. */
  surface: SurfaceView | null;
  /** The 1-D main view. */
  line: Line1dView;
  /** The plot of the section panel. */
  section: Line1dView;
  /** The dock of panels. */
  dock: Dock;
  /** The analysis panel's figures. */
  analysis: { figures(): AnalysisFigures };
  /** The verification panel. */
  verification: { run(samples?: number): Promise<VerificationFigures>; figures(): VerificationFigures };
  /** The network diagram (the dock's "network" tab). */
  network: NetworkDiagram;
  /** The guided tour (a deck played by {@link deck}). */
  tour: Tour;
  /** The deck player that shows the tour and every other deck. */
  deck: DeckPlayer;
  /** Resolves once the exact regions of the current view are known (and the views have been redrawn). */
  ready(): Promise<RegionsResult>;
  /** Redraw the visible view now (the surface and 1-D views redraw on state changes by themselves). */
  refresh(): void;
}

/**
 * The surface colour matching the map's colour mode: with several outputs, the output and margin modes
 * colour by the argmax class when `output` is -1 (at most SURFACE_CLASS_OUTPUTS outputs) and by the chosen
 * unit's f otherwise; one output keeps the region colours unless the mode is output (f) or gradient.
 */
export function surfaceColourOf(mode: string, output = 0, outputs = 1): SurfaceColour {
  if (mode === 'gradient') return 'gradient';
  if (outputs > 1 && (mode === 'output' || mode === 'margin'))
    return output < 0 && outputs <= SURFACE_CLASS_OUTPUTS ? 'classes' : 'output';
  return mode === 'output' ? 'output' : 'regions';
}

/**
 * The profile the 1-D view shows: a one-input network over the view's [x0, x1] (x is the input); otherwise
 * the section, or the horizontal midline of the view (x is the distance along the segment).
 */
export function mainLineProfile(app: App, section: Section | null): { profile: LineProfile; label: string } {
  const v = app.state.view;
  const out = Math.max(0, app.state.output);
  if (app.net.inputDim === 1) {
    return {
      profile: lineProfile(app.net, app.map, [v.x0, 0], [v.x1, 0], { output: out, x0: v.x0, x1: v.x1 }),
      label: 'x',
    };
  }
  const s = section ?? [v.x0, (v.y0 + v.y1) / 2, v.x1, (v.y0 + v.y1) / 2];
  return { profile: sectionProfile(app, s, out), label: 'u' };
}

/** Options of {@link installViews}. */
export interface ViewsOptions {
  /** Where the settings live (default: a local object; the explorer keeps them in its state). */
  host?: SettingsHost;
  /** The explorer's lil-gui panel: the controls go into a "Views" folder there instead of a button bar. */
  gui?: GUI;
  /** The page's deck player, which plays the tour (default: one installed here, without a presentation). */
  deck?: DeckPlayer;
}

/** Install the views on the page of `app` (its map canvas's parent holds them). */
export function installViews(app: App, options: ViewsOptions = {}): Views {
  const host = options.host ?? localSettings(app);
  injectViewStyles();
  const map = app.renderer.canvas;
  const parent = map.parentElement ?? document.body;
  const regions = new ExactRegions(app.regions);
  const overlay = installMapOverlay(app, host, regions);
  const mainCanvas = (cls: string) => {
    const c = document.createElement('canvas');
    c.className = `views-main ${cls}`;
    c.hidden = true;
    map.insertAdjacentElement('afterend', c);
    return c;
  };
  const surfaceCanvas = mainCanvas('views-surface');
  const created = SurfaceView.create(surfaceCanvas);
  const surface = typeof created === 'string' ? null : created;
  if (typeof created === 'string') app.notify('error', `3-D surface: ${created}`);
  if (surface) installSurfaceTip(app, surface, regions, parent);
  const lineCanvas = mainCanvas('views-line');
  const line = new Line1dView(lineCanvas);
  lineCanvas.addEventListener('pointermove', (e) => line.hover(e.offsetX * line.ratio));
  lineCanvas.addEventListener('pointerleave', () => line.hover(null));

  const dock = createDock(parent);
  const sectionRoot = document.createElement('div');
  const sectionCanvas = document.createElement('canvas');
  sectionCanvas.style.height = '260px';
  const draw = document.createElement('button');
  draw.textContent = 'draw on the map';
  draw.title = 'the next drag on the map draws the segment (Shift-drag does it any time)';
  draw.onclick = () => {
    overlay.arm();
    host.set((v) => (v.kind = 'map'));
  };
  sectionRoot.append(draw, sectionCanvas);
  const section = new Line1dView(sectionCanvas);
  sectionCanvas.addEventListener('pointermove', (e) => section.hover(e.offsetX * section.ratio));
  sectionCanvas.addEventListener('pointerleave', () => section.hover(null));
  const drawSection = () => {
    if (dock.current() !== 'section') return;
    section.ratio = fitCanvas(sectionCanvas);
    const p = overlay.sectionProfile();
    section.note = p ? '' : 'Shift-drag on the map to draw a segment; Escape clears it.';
    section.setProfile(p, 'u');
  };
  dock.addTab('section', sectionRoot, drawSection);
  overlay.onSection.push(drawSection);
  const analysis = installAnalysis(app, dock, regions);
  const verification = installVerification(app, dock, regions);
  const network = installNetworkDiagram(app, dock);
  const deck = options.deck ?? installDeckPlayer(app, null, parent);
  const tour = installTour(app, deck, (name) => dock.show(name));
  // Beside the explorer's lil-gui panel (on the right) and below its HUD (top left).
  if (options.gui) {
    dock.element.classList.add('with-gui');
    lineCanvas.classList.add('with-gui');
  }

  const kinds = buttonRow<ViewKind>(
    'views-kinds',
    [
      { value: 'map', label: 'map' },
      { value: 'surface', label: '3-D surface' },
      { value: 'line', label: '1-D' },
    ],
    (k) => host.set((v) => (v.kind = k)),
  );
  const extra = (label: string, click: () => void) => {
    const b = document.createElement('button');
    b.textContent = label;
    b.onclick = click;
    kinds.element.append(b);
  };
  for (const name of ['section', 'analysis', 'verify', 'network'])
    extra(name, () => (dock.current() === name ? dock.close() : dock.show(name)));
  extra('tour', () => void tour.go(tour.step()));
  const contours = document.createElement('select');
  contours.title = 'contours of f on the map';
  for (const c of CONTOUR_SPACINGS)
    contours.append(new Option(c === 0 ? 'no contours' : c < 0 ? 'contours: auto' : String(c), String(c)));
  contours.onchange = () => host.set((v) => (v.contours = Number(contours.value)));
  kinds.element.append(contours);
  if (!options.gui) parent.append(kinds.element);

  let surfaceMessage = '';
  const refresh = () => {
    const v = host.get();
    kinds.set(v.kind);
    if (!CONTOUR_SPACINGS.includes(v.contours))
      contours.append(new Option(String(v.contours), String(v.contours)));
    contours.value = String(v.contours);
    map.style.visibility = v.kind === 'map' ? '' : 'hidden';
    overlay.canvas.style.visibility = v.kind === 'map' ? '' : 'hidden';
    surfaceCanvas.hidden = v.kind !== 'surface';
    if (surface?.overlay) surface.overlay.hidden = surfaceCanvas.hidden;
    lineCanvas.hidden = v.kind !== 'line';
    if (v.kind === 'surface' && surface) {
      fitCanvas(surfaceCanvas);
      const r = regions.get({ net: app.net, view: app.state.view });
      const s = app.state;
      if (!r) {
        // Computing: the listener below refreshes when the worker answers; keep the previous mesh meanwhile.
      } else if (!r.ok) {
        surface.setMesh(null);
        if (r.reason !== surfaceMessage) app.notify('info', `3-D surface: ${r.reason}`);
        surfaceMessage = r.reason;
      } else {
        surfaceMessage = '';
        const mesh = surfaceMesh(app.net, r.enumeration.regions, s.view, {
          output: Math.max(0, s.output),
          ...(s.mode === 'layer' ? { layers: s.layer } : {}),
          // The map's colour scale (its legend), so that both views colour a region alike.
          ...(s.mode === 'gradient' ? { gradientRange: app.display().range } : {}),
          ...(s.mode === 'output' ? { range: app.display().range } : {}),
        });
        // Creases follow the map's boundaries switch, the axes the frame's axes switch.
        surface.creases = s.boundaries;
        surface.axes = s.look.axes;
        surface.palette = s.look.palette;
        const outputs = app.net.layers.at(-1)!.outDim;
        surface.heightName = outputs > 1 ? `f${Math.max(0, s.output)}` : 'f';
        surface.setMesh(mesh, surfaceColourOf(s.mode, s.output, outputs));
      }
    }
    if (v.kind === 'line') {
      line.ratio = fitCanvas(lineCanvas);
      const { profile, label } = mainLineProfile(app, v.section);
      line.setProfile(profile, label);
    }
    drawSection();
  };
  pageKeymap().bind('views.cycle', () =>
    host.set((v) => (v.kind = VIEW_KINDS[(VIEW_KINDS.indexOf(v.kind) + 1) % VIEW_KINDS.length]!)),
  );
  // The panel's PNG button exports the main view shown: the surface (at most 8192 pixels a side) or the 1-D view.
  setMainViewExport((side) => {
    const kind = host.get().kind;
    const view = kind === 'surface' ? surface : kind === 'line' ? line : null;
    if (!view) return null;
    const c = view.canvas;
    const { width, height } = exportSizeFor(
      Math.min(side, kind === 'surface' ? 8192 : 16384),
      c.width,
      c.height,
    );
    return { kind, width, height, png: () => view.exportPng(width, height) };
  });
  app.on('changed', refresh);
  regions.onResult(() => {
    if (host.get().kind === 'surface') refresh();
  });
  window.addEventListener('resize', refresh);
  refresh();
  const views: Views = {
    host,
    regions,
    overlay,
    surface,
    line,
    section,
    dock,
    analysis,
    verification,
    network,
    tour,
    deck,
    refresh,
    ready: () => regions.ready({ net: app.net, view: app.state.view }),
  };
  if (options.gui) addViewsFolder(options.gui, app, views);
  return views;
}

/** Hovering the surface shows the region under the pointer: its pattern hash and affine map, and f there. */
function installSurfaceTip(app: App, surface: SurfaceView, regions: ExactRegions, parent: HTMLElement): void {
  const tip = document.createElement('div');
  tip.className = 'views-tip';
  tip.hidden = true;
  parent.append(tip);
  const canvas = surface.canvas;
  canvas.addEventListener('pointermove', (e) => {
    if (e.buttons !== 0) {
      tip.hidden = true;
      return;
    }
    const dpr = canvas.width / Math.max(1, canvas.clientWidth);
    const hit = surface.pick(e.offsetX * dpr, e.offsetY * dpr);
    const r = regions.get({ net: app.net, view: app.state.view });
    const region = hit && r?.ok ? r.enumeration.regions[hit.region] : undefined;
    if (!hit || !region) {
      tip.hidden = true;
      return;
    }
    const k = Math.max(0, app.state.output);
    const a = region.jacobian[2 * k]!;
    const b = region.jacobian[2 * k + 1]!;
    const c = region.offset[k]!;
    const words = new Uint32Array(2);
    patternHashInto(region.pattern, words);
    const sign = (x: number) => (x < 0 ? `− ${fmt(-x)}` : `+ ${fmt(x)}`);
    tip.textContent =
      `region ${hit.region}  pattern ${words[1]!.toString(16).padStart(8, '0')}${words[0]!.toString(16).padStart(8, '0')}\n` +
      `f = ${fmt(a)} s ${sign(b)} t ${sign(c)}   |grad f| ${fmt(Math.hypot(a, b))}\n` +
      `f(${fmt(hit.s)}, ${fmt(hit.t)}) = ${fmt(hit.f)}`;
    const rect = canvas.getBoundingClientRect();
    tip.style.left = `${rect.left + e.offsetX + 14}px`;
    tip.style.top = `${rect.top + e.offsetY + 14}px`;
    tip.hidden = false;
  });
  canvas.addEventListener('pointerleave', () => {
    tip.hidden = true;
  });
}
