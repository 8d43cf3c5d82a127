/**
 * The bundled deck `builtin:tour`: the guided tour through what the original demo taught, in nine steps that
 * also switch the main view (1-D, map, surface) and open the views' panels (analysis, section, verification)
 * with a step's `panel`. Its states are partial objects, each merged onto the previous.
 */
import { DECK_FORMAT } from './deck.ts';

const SQUARE = { x0: -3, x1: 3, y0: -3, y1: 3, plane: null };

/** The title of the tour deck (the caption card's heading). */
export const TOUR_TITLE = 'Guided tour';

/** The tour deck, in the deck file format (see docs/presenting.md). */
export const TOUR_DECK = {
  format: DECK_FORMAT,
  title: TOUR_TITLE,
  steps: [
    {
      state: {
        architecture: { widths: [1, 8, 1], activation: 'relu', seed: 3 },
        model: null,
        view: SQUARE,
        views: { kind: 'line', section: null, contours: 0 },
      },
      caption:
        'ReLU is piecewise linear. A network with one input and eight ReLU neurons: f is a chain of straight pieces (one colour each). f′ is constant on each piece and f″ is zero except for impulses at the kinks, whose size is the jump of the slope.',
    },
    {
      state: {
        architecture: { widths: [2, 6, 1], seed: 2 },
        mode: 'regions',
        boundaries: true,
        views: { kind: 'map' },
      },
      caption:
        'A sum of ReLUs bends a plane along lines. Two inputs, six neurons: each neuron folds the plane along one straight line (its zero set). The lines cut the square into convex regions, one colour per activation pattern.',
    },
    {
      state: { views: { kind: 'surface' } },
      caption:
        'Each region is a flat facet. The same network as a surface: over every region f is a plane, and the surface creases exactly along the lines. Drag to turn it, scroll or pinch to zoom.',
    },
    {
      state: {
        architecture: { widths: [2, 8, 8, 1], seed: 4 },
        mode: 'layer',
        layer: 1,
        views: { kind: 'map' },
      },
      caption:
        'Composing layers folds those lines. A second layer of eight neurons: its zero sets are no longer straight but bend wherever they cross a first-layer line. Layer mode k = 1 shows the first layer alone; the next step shows both.',
    },
    {
      state: { layer: 2 },
      caption:
        'Folds upon folds. Both layers: every second-layer boundary is a polyline that bends at first-layer lines. The regions are still convex polygons and f is still affine on each.',
    },
    {
      state: {
        architecture: { widths: [2, 16, 16, 1], seed: 1 },
        mode: 'output',
        output: 0,
        views: { contours: -1 },
      },
      caption:
        'Affine on each region: straight contours. Contour lines of f are straight inside every region and bend only where they cross a boundary, because f is affine on each region.',
    },
    {
      state: { architecture: { widths: [2, 16, 16, 16, 1] }, mode: 'regions', views: { contours: 0 } },
      caption:
        'Far fewer regions than patterns. Forty-eight neurons could in principle switch into 2^48 patterns; the plane sees a few thousand. The analysis compares the exact count with the Serra and Montufar bounds and with N² (Hanin and Rolnick).',
      panel: 'analysis',
    },
    {
      state: {
        architecture: { widths: [2, 16, 16, 1] },
        mode: 'gradient',
        views: { section: [-2.5, -1.5, 2.5, 1.8] },
      },
      caption:
        'Gradients are constant per region and jump at kinks. Gradient mode colours |grad f|: constant on each region. Along the white segment, f′ is a step function and f″ a train of impulses (the section panel); shift-drag on the map to draw your own.',
      panel: 'section',
    },
    {
      state: { mode: 'regions', views: { section: null } },
      caption:
        'Why it matters. Optimisation sees a gradient that is constant per region and jumps at kinks; interpretability can name each region by its pattern and read its affine map; an adversarial step that crosses a kink changes which linear model answers. The verification panel checks all of this numerically.',
      panel: 'verify',
    },
  ],
};
