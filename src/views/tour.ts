/**
 * The guided tour: a list of steps, each a partial state of the app and of the views plus a sentence or
 * two. A step is applied through the same state as everything else (app.update and the view settings),
 * so adding a step is adding an entry to {@link TOUR_STEPS}.
 */
import type { App } from '../app/app.ts';
import { fitAspect } from '../engine/plane.ts';
import type { AppState } from '../state/appState.ts';
import type { ViewSettings } from '../state/viewSettings.ts';
import type { SettingsHost } from './settings.ts';

/** One step of the tour. */
export interface TourStep {
  /** Short title. */
  title: string;
  /** What to look at, in a sentence or two (plain text). */
  text: string;
  /** The app state to apply (fields not given keep their values). */
  state: Partial<Omit<AppState, 'architecture'>> & { architecture?: Partial<AppState['architecture']> };
  /** The view settings to apply. */
  views?: Partial<ViewSettings>;
  /** A dock tab to open alongside (analysis, verify), if any. */
  panel?: string;
}

const SQUARE = { x0: -3, x1: 3, y0: -3, y1: 3, plane: null };

/** The steps of the tour, in order. */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'ReLU is piecewise linear',
    text: 'A network with one input and eight ReLU neurons: f is a chain of straight pieces (one colour each). f′ is constant on each piece and f″ is zero except for impulses at the kinks, whose size is the jump of the slope.',
    state: {
      architecture: { widths: [1, 8, 1], activation: 'relu', seed: 3 },
      model: null,
      view: { ...SQUARE },
    },
    views: { kind: 'line', section: null, contours: 0 },
  },
  {
    title: 'A sum of ReLUs bends a plane along lines',
    text: 'Two inputs, six neurons: each neuron folds the plane along one straight line (its zero set). The lines cut the square into convex regions, one colour per activation pattern.',
    state: {
      architecture: { widths: [2, 6, 1], activation: 'relu', seed: 2 },
      model: null,
      mode: 'regions',
      boundaries: true,
      view: { ...SQUARE },
    },
    views: { kind: 'map', contours: 0, section: null },
  },
  {
    title: 'Each region is a flat facet',
    text: 'The same network as a surface: over every region f is a plane, and the surface creases exactly along the lines. Drag to turn it, scroll or pinch to zoom.',
    state: {
      architecture: { widths: [2, 6, 1], activation: 'relu', seed: 2 },
      model: null,
      mode: 'regions',
      view: { ...SQUARE },
    },
    views: { kind: 'surface' },
  },
  {
    title: 'Composing layers folds those lines',
    text: 'A second layer of eight neurons: its zero sets are no longer straight but bend wherever they cross a first-layer line. Layer mode k = 1 shows the first layer alone; the next step shows both.',
    state: {
      architecture: { widths: [2, 8, 8, 1], activation: 'relu', seed: 4 },
      model: null,
      mode: 'layer',
      layer: 1,
      view: { ...SQUARE },
    },
    views: { kind: 'map' },
  },
  {
    title: 'Folds upon folds',
    text: 'Both layers: every second-layer boundary is a polyline that bends at first-layer lines. The regions are still convex polygons and f is still affine on each.',
    state: {
      architecture: { widths: [2, 8, 8, 1], activation: 'relu', seed: 4 },
      model: null,
      mode: 'layer',
      layer: 2,
      view: { ...SQUARE },
    },
    views: { kind: 'map' },
  },
  {
    title: 'Affine on each region: straight contours',
    text: 'Contour lines of f are straight inside every region and bend only where they cross a boundary, because f is affine on each region.',
    state: {
      architecture: { widths: [2, 16, 16, 1], activation: 'relu', seed: 1 },
      model: null,
      mode: 'output',
      output: 0,
      view: { ...SQUARE },
    },
    views: { kind: 'map', contours: -1 },
  },
  {
    title: 'Far fewer regions than patterns',
    text: 'Forty-eight neurons could in principle switch into 2^48 patterns; the plane sees a few thousand. The analysis compares the exact count with the Serra and Montufar bounds and with N² (Hanin and Rolnick).',
    state: {
      architecture: { widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 1 },
      model: null,
      mode: 'regions',
      view: { ...SQUARE },
    },
    views: { kind: 'map', contours: 0 },
    panel: 'analysis',
  },
  {
    title: 'Gradients are constant per region and jump at kinks',
    text: 'Gradient mode colours |grad f|: constant on each region. Along the white segment, f′ is a step function and f″ a train of impulses (the section panel); shift-drag on the map to draw your own.',
    state: {
      architecture: { widths: [2, 16, 16, 1], activation: 'relu', seed: 1 },
      model: null,
      mode: 'gradient',
      view: { ...SQUARE },
    },
    views: { kind: 'map', contours: 0, section: [-2.5, -1.5, 2.5, 1.8] },
    panel: 'section',
  },
  {
    title: 'Why it matters',
    text: 'Optimisation sees a gradient that is constant per region and jumps at kinks; interpretability can name each region by its pattern and read its affine map; an adversarial step that crosses a kink changes which linear model answers. The verification panel checks all of this numerically.',
    state: {
      architecture: { widths: [2, 16, 16, 1], activation: 'relu', seed: 1 },
      model: null,
      mode: 'regions',
      view: { ...SQUARE },
    },
    views: { kind: 'map', contours: 0, section: null },
    panel: 'verify',
  },
];

/** Apply `step`: the app state (through app.update) and the view settings. Returns false if refused. */
export function applyTourStep(app: App, host: SettingsHost, step: TourStep): boolean {
  const ok = app.update((s) => {
    const { architecture, view, ...rest } = step.state;
    Object.assign(s, rest);
    if (architecture) Object.assign(s.architecture, architecture);
    if (view) {
      const v = { ...view, plane: view.plane ? view.plane : null };
      // A one-input network's view is its input interval: keep it as given.
      s.view = s.architecture.widths[0] === 1 ? v : fitAspect(v, app.renderer.canvas);
    }
  });
  if (ok && step.views) host.set((v) => Object.assign(v, step.views));
  return ok;
}

/** The tour card returned by {@link installTour}. */
export interface Tour {
  /** The card element (hidden until opened). */
  element: HTMLElement;
  /** Open the card and go to step i (clamped). */
  go(i: number): void;
  /** The current step's index. */
  step(): number;
}

/** Install the tour as a card in `parent`; panels named by steps are opened with `openPanel`. */
export function installTour(
  app: App,
  host: SettingsHost,
  parent: HTMLElement,
  openPanel: (name: string) => void,
): Tour {
  const root = document.createElement('div');
  root.className = 'views-tour';
  root.hidden = true;
  const close = document.createElement('button');
  close.textContent = '×';
  close.style.float = 'right';
  close.onclick = () => {
    root.hidden = true;
  };
  root.append(close);
  const title = document.createElement('b');
  const text = document.createElement('p');
  const prev = document.createElement('button');
  prev.textContent = '← previous';
  const next = document.createElement('button');
  next.textContent = 'next →';
  const counter = document.createElement('span');
  counter.style.margin = '0 8px';
  const nav = document.createElement('div');
  nav.append(prev, counter, next);
  root.append(title, text, nav);
  // The current step; -1 while the card shows the introduction.
  let index = -1;
  const go = (i: number) => {
    root.hidden = false;
    index = Math.max(0, Math.min(TOUR_STEPS.length - 1, i));
    const step = TOUR_STEPS[index]!;
    title.textContent = step.title;
    text.textContent = step.text;
    counter.textContent = `${index + 1} / ${TOUR_STEPS.length}`;
    prev.disabled = index === 0;
    next.disabled = index === TOUR_STEPS.length - 1;
    applyTourStep(app, host, step);
    if (step.panel) openPanel(step.panel);
  };
  prev.onclick = () => go(index - 1);
  next.onclick = () => go(index + 1);
  title.textContent = 'Guided tour';
  text.textContent = `${TOUR_STEPS.length} steps through what the original demo taught. Press “next” to start.`;
  counter.textContent = `0 / ${TOUR_STEPS.length}`;
  prev.disabled = true;
  parent.append(root);
  return { element: root, go, step: () => Math.max(0, index) };
}
