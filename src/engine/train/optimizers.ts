/**
 * Optimisers on a flat parameter array, updated in place with state allocated once:
 * - SGD with momentum (PyTorch's form): v = mu v + g; p -= lr v.
 * - Adam (Kingma and Ba): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *   p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps), with b1^t and b2^t kept as running products.
 * L2 regularisation adds l2 * p to the gradient of every weight before the update (coupled weight decay,
 * PyTorch's weight_decay), so the penalised loss is L + (l2 / 2) sum w^2; biases and prelu slopes are not
 * penalised. Only +, -, *, / and Math.sqrt are used, so updates are the same bits on every engine.
 */

/** The optimiser names. */
export const OPTIMIZERS = ['adam', 'sgd'] as const;
/** One optimiser name. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** True when `name` is one of {@link OPTIMIZERS}. */
export function isOptimizerName(name: unknown): name is OptimizerName {
  return typeof name === 'string' && (OPTIMIZERS as readonly string[]).includes(name);
}

/** Hyper-parameters of {@link Optimizer}. */
export interface OptimizerSettings {
  /** Which optimiser. */
  readonly optimizer: OptimizerName;
  /** Learning rate (step size), > 0. */
  readonly learningRate: number;
  /** L2 coefficient on weights, >= 0. */
  readonly l2: number;
  /** SGD momentum mu in [0, 1). */
  readonly momentum: number;
  /** Adam's beta1 in [0, 1). */
  readonly beta1: number;
  /** Adam's beta2 in [0, 1). */
  readonly beta2: number;
  /** Adam's epsilon, > 0. */
  readonly epsilon: number;
}

/** One optimiser's state for a parameter array of a fixed size. */
export class Optimizer {
  /** The settings this optimiser runs with. */
  readonly settings: OptimizerSettings;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly decay: Uint8Array;
  private b1t = 1;
  private b2t = 1;

  /**
   * State for `size` parameters; `decay[k]` is 1 for the parameters L2 applies to (the weights). The mask
   * is copied.
   */
  constructor(settings: OptimizerSettings, size: number, decay: Uint8Array) {
    this.settings = settings;
    this.m = new Float64Array(size);
    this.v = new Float64Array(settings.optimizer === 'adam' ? size : 0);
    this.decay = decay.slice();
  }

  /** Forget the moments and the step count (as a fresh optimiser). */
  reset(): void {
    this.m.fill(0);
    this.v.fill(0);
    this.b1t = 1;
    this.b2t = 1;
  }

  /** Apply one update to `params` from the gradient `grad` (both of the constructor's size). Allocates nothing. */
  update(params: Float64Array, grad: Float64Array): void {
    const { learningRate: lr, l2, momentum, beta1, beta2, epsilon } = this.settings;
    const { m, v, decay } = this;
    const n = params.length;
    if (this.settings.optimizer === 'sgd') {
      for (let k = 0; k < n; k++) {
        const g = decay[k] === 1 ? grad[k]! + l2 * params[k]! : grad[k]!;
        const mk = momentum * m[k]! + g;
        m[k] = mk;
        params[k] = params[k]! - lr * mk;
      }
      return;
    }
    this.b1t *= beta1;
    this.b2t *= beta2;
    const c1 = 1 - this.b1t;
    const c2 = 1 - this.b2t;
    for (let k = 0; k < n; k++) {
      const g = decay[k] === 1 ? grad[k]! + l2 * params[k]! : grad[k]!;
      const mk = beta1 * m[k]! + (1 - beta1) * g;
      const vk = beta2 * v[k]! + (1 - beta2) * g * g;
      m[k] = mk;
      v[k] = vk;
      params[k] = params[k]! - (lr * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
    }
  }
}
