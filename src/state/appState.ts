/**
 * The one typed state of the explorer. Everything that determines the picture is here, so that the URL hash
 * (hash.ts) reproduces it exactly.
 */
import type { ActivationName } from '../engine/activations.ts';
import type { InitScheme } from '../engine/init.ts';
import type { Plane } from '../engine/plane.ts';
import { type ColourMode, type ComplexityUnit, DEFAULT_COMPLEXITY } from './colourMode.ts';
import { defaultLook, type LookSettings } from './look.ts';
import type { PlaneSpec } from './planeSpec.ts';
import { cloneTraining, defaultTraining, type TrainingSettings } from './training.ts';
import { cloneViewSettings, defaultViewSettings, type ViewSettings } from './viewSettings.ts';

/** The generated network: widths, activation and the seeded initialisation. */
export interface Architecture {
  /** Layer widths, input first and output last, e.g. [2, 16, 16, 1]. */
  widths: number[];
  /** Activation of every hidden layer (the output layer is linear). */
  activation: ActivationName;
  /** Negative slope of leaky_relu / prelu. */
  alpha: number;
  /** Initialisation scheme. */
  init: InitScheme;
  /** Seed of the initialisation. */
  seed: number;
  /** Multiplier of every weight and bias. */
  weightScale: number;
}

/** The visible rectangle of the (s, t) plane, and the plane slice for networks with more than 2 inputs. */
export interface ViewState {
  /** Left edge. */
  x0: number;
  /** Right edge (> x0). */
  x1: number;
  /** Bottom edge. */
  y0: number;
  /** Top edge (> y0). */
  y1: number;
  /** Plane slice (three input points); null: the default plane through 0, e1, e2. */
  plane: Plane | null;
}

/** Everything that determines the picture. */
export interface AppState {
  /** The generated network (used when `model` is null). */
  architecture: Architecture;
  /** Name of a loaded model file (kept in memory and localStorage); null: the generated network. */
  model: string | null;
  /** The view. */
  view: ViewState;
  /** How the plane of the view was chosen (axes, random, stored); null: given as points or the default. */
  planeSpec: PlaneSpec | null;
  /** Colour mode. */
  mode: ColourMode;
  /** Layer k of the 'layer' mode (1-based: the partition after the first k layers). */
  layer: number;
  /** Output shown (0-based); -1: argmax class when there are several outputs. */
  output: number;
  /** Draw region boundaries. */
  boundaries: boolean;
  /** Neuron whose zero set is drawn, as [layer, index] (0-based), or null. */
  probe: [number, number] | null;
  /** Draw the exact region polygons of the CPU enumeration. */
  polygons: boolean;
  /** The demo views: main view (map, surface, 1-D), contour spacing, cross-section segment. */
  views: ViewSettings;
  /** The map's framing: axes, colour bar, scale bar, theme. */
  look: LookSettings;
  /** Radius of the local-complexity mode (> 0), in `lcUnits`. */
  lcRadius: number;
  /** Units of `lcRadius`: map pixels (CSS pixels along s) or (s, t) plane units. */
  lcUnits: ComplexityUnit;
  /** The training run's dataset and optimiser settings (training.ts). */
  training: TrainingSettings;
}

/** The default view: the square [-3, 3]^2. */
export const DEFAULT_VIEW: Readonly<ViewState> = { x0: -3, x1: 3, y0: -3, y1: 3, plane: null };

/** A fresh copy of the default state: a 2-16-16-16-1 ReLU network, regions mode. */
export function defaultState(): AppState {
  return {
    views: defaultViewSettings(),
    architecture: {
      widths: [2, 16, 16, 16, 1],
      activation: 'relu',
      alpha: 0.01,
      init: 'he',
      seed: 1,
      weightScale: 1,
    },
    model: null,
    view: { ...DEFAULT_VIEW },
    planeSpec: null,
    mode: 'regions',
    layer: 1,
    output: -1,
    boundaries: true,
    probe: null,
    polygons: false,
    look: defaultLook(),
    lcRadius: DEFAULT_COMPLEXITY.radius,
    lcUnits: DEFAULT_COMPLEXITY.units,
    training: defaultTraining(),
  };
}

/** A deep copy of `s`. */
export function cloneState(s: AppState): AppState {
  return {
    ...s,
    views: cloneViewSettings(s.views),
    look: { ...s.look },
    architecture: { ...s.architecture, widths: [...s.architecture.widths] },
    view: {
      ...s.view,
      plane: s.view.plane ? [[...s.view.plane[0]], [...s.view.plane[1]], [...s.view.plane[2]]] : null,
    },
    probe: s.probe ? [s.probe[0], s.probe[1]] : null,
    planeSpec: s.planeSpec ? { ...s.planeSpec } : null,
    training: cloneTraining(s.training),
  };
}
