/**
 * The bundled deck `builtin:story`: the piecewise-linear story in ten steps, from one neuron's zero set to
 * the exact count of a deep network's regions. Its states are partial objects, each merged onto the previous.
 */
import { DECK_FORMAT } from './deck.ts';

const SQUARE = { x0: -3, x1: 3, y0: -3, y1: 3 };

/** The story deck, in the deck file format (see docs/presenting.md). */
export const STORY_DECK = {
  format: DECK_FORMAT,
  title: 'The piecewise-linear story',
  steps: [
    {
      state: {
        architecture: { widths: [2, 1, 1], activation: 'relu', seed: 3 },
        model: null,
        view: SQUARE,
        mode: 'regions',
        layer: 1,
        output: -1,
        boundaries: true,
        probe: [0, 0],
        polygons: false,
        views: { kind: 'map', contours: 0, section: null },
      },
      caption:
        'One ReLU neuron: it is zero on one side of a straight line (its zero set) and linear on the other. Two regions.',
    },
    {
      state: { architecture: { widths: [2, 6, 1], seed: 2 }, probe: null },
      caption:
        'One layer of six neurons: six lines cut the plane into convex regions, one colour per activation pattern.',
    },
    {
      state: { architecture: { seed: 5 } },
      caption: 'Other weights, the same shape: the lines move, and the arrangement with them.',
    },
    {
      state: { architecture: { widths: [2, 8, 8, 8, 1], seed: 4 }, mode: 'layer', layer: 1 },
      caption: 'Three layers, showing only the first (k = 1): eight straight lines again.',
    },
    {
      state: { layer: 3 },
      caption:
        'Layers revealed one by one: each later layer folds along the earlier lines, so its boundaries bend there.',
    },
    {
      state: { mode: 'regions' },
      caption: 'All the regions of the whole network: still convex polygons, with f affine on each.',
    },
    {
      state: { mode: 'gradient' },
      caption: 'The gradient norm: constant on each region, jumping across every boundary.',
    },
    {
      state: { mode: 'output', views: { contours: -1 } },
      caption:
        'The output: its contour lines are straight inside every region and bend only at the boundaries.',
    },
    {
      state: {
        architecture: { widths: [2, 32, 32, 1], seed: 1 },
        mode: 'regions',
        layer: 1,
        view: { x0: -1.5, x1: 1.5, y0: -1.5, y1: 1.5 },
        views: { contours: 0 },
      },
      caption: 'A wider network, zoomed in: many more, smaller regions near the origin.',
    },
    {
      state: { architecture: { widths: [2, 16, 16, 16, 1], seed: 1 }, view: SQUARE },
      caption:
        'Forty-eight neurons could switch into 2^48 patterns; the plane sees a few thousand. The HUD shows the exact count; the analysis panel compares it with the bounds.',
    },
  ],
};
