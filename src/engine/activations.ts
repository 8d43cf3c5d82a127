/**
 * Piecewise-linear activation functions: value, slope, and discrete state.
 *
 * A neuron's state is what stays constant on a linear region. ReLU-like activations have two states
 * (0: z <= 0, "off"; 1: z > 0, "on"); hardtanh has three (0: z < -1; 1: -1 <= z <= 1; 2: z > 1);
 * `linear` has one (always 0) and never splits a region.
 */

/** The names of the supported activations, as written in a `relu-origami/1` model file. */
export const ACTIVATIONS = ['relu', 'leaky_relu', 'prelu', 'abs', 'hardtanh', 'linear'] as const;

/**
 * The code of each activation in the packed network and the generated shaders (engine/pack.ts,
 * render/programs.ts), the one table both read: leaky_relu and prelu share a code (a slope per neuron).
 */
export const ACTIVATION_CODES = {
  linear: 0,
  relu: 1,
  leaky_relu: 2,
  prelu: 2,
  abs: 3,
  hardtanh: 4,
} as const satisfies Record<(typeof ACTIVATIONS)[number], number>;

/** One supported activation name. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** True when `name` is one of {@link ACTIVATIONS}. */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}

/** Number of distinct states of a neuron with this activation (1 for linear, 3 for hardtanh, else 2). */
export function stateCount(name: ActivationName): number {
  if (name === 'linear') return 1;
  if (name === 'hardtanh') return 3;
  return 2;
}

/**
 * The thresholds of z at which the state changes, in increasing order: [0] for ReLU-like activations,
 * [-1, 1] for hardtanh, [] for linear. The zero set of a neuron is where z equals one of these.
 */
export function thresholds(name: ActivationName): readonly number[] {
  if (name === 'linear') return [];
  if (name === 'hardtanh') return HARDTANH_THRESHOLDS;
  return RELU_THRESHOLDS;
}
const RELU_THRESHOLDS: readonly number[] = [0];
const HARDTANH_THRESHOLDS: readonly number[] = [-1, 1];

/**
 * The state of a neuron with pre-activation z: see the module comment. A z exactly at a threshold is
 * "off" for ReLU-like activations (z = 0) and "inside" (state 1) for hardtanh (z = -1 or z = 1).
 */
export function stateOf(name: ActivationName, z: number): number {
  switch (name) {
    case 'linear':
      return 0;
    case 'hardtanh':
      return z < -1 ? 0 : z > 1 ? 2 : 1;
    default:
      return z > 0 ? 1 : 0;
  }
}

/**
 * The affine piece of the activation in a given state: the activation equals slope * z + intercept there.
 * `alpha` is the negative-side slope of leaky_relu / prelu (ignored by other activations). Writes into
 * `out` ([slope, intercept]) and returns it.
 */
export function pieceOf(name: ActivationName, state: number, alpha: number, out: Float64Array): Float64Array {
  let slope = 1;
  let intercept = 0;
  switch (name) {
    case 'relu':
      slope = state === 1 ? 1 : 0;
      break;
    case 'leaky_relu':
    case 'prelu':
      slope = state === 1 ? 1 : alpha;
      break;
    case 'abs':
      slope = state === 1 ? 1 : -1;
      break;
    case 'hardtanh':
      if (state === 0) {
        slope = 0;
        intercept = -1;
      } else if (state === 2) {
        slope = 0;
        intercept = 1;
      }
      break;
    case 'linear':
      break;
  }
  out[0] = slope;
  out[1] = intercept;
  return out;
}

/** The activation's value at z (alpha as in {@link pieceOf}). */
export function activate(name: ActivationName, z: number, alpha: number): number {
  switch (name) {
    case 'relu':
      return Math.max(z, 0);
    case 'leaky_relu':
    case 'prelu':
      return z > 0 ? z : alpha * z;
    case 'abs':
      return Math.abs(z);
    case 'hardtanh':
      return z < -1 ? -1 : Math.min(z, 1);
    case 'linear':
      return z;
  }
}
