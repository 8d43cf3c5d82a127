/**
 * The one list of benchmark networks, shared by the benchmark page (src/benchPage, `npm run bench`) and the
 * Node drivers (bench/node: `npm run bench:engine`, `npm run bench:workers`): seeded ReLU networks with two
 * inputs, W neurons in each of L hidden layers and one output, He initialisation.
 */
import { initNetwork } from '../src/engine/init.ts';
import type { Network } from '../src/engine/model.ts';

/** One benchmark network, and whether the CPU enumeration benchmarks run it too. */
export interface BenchNetworkSpec {
  /** Neurons in each hidden layer. */
  W: number;
  /** Hidden layers. */
  L: number;
  /**
   * Set for the networks the Node drivers enumerate exactly (the larger ones take minutes on a CPU): the
   * window is [-half, half]^2 and the worker benchmark evaluates a grid x grid grid of it.
   */
  exact?: { half: number; grid: number };
}

/** The benchmark networks, smallest first (the page draws each on [-4, 4]^2). */
export const BENCH_NETWORKS: readonly BenchNetworkSpec[] = [
  { W: 16, L: 3 },
  { W: 32, L: 4, exact: { half: 3, grid: 256 } },
  { W: 64, L: 4, exact: { half: 4, grid: 192 } },
  { W: 128, L: 4 },
  { W: 256, L: 8 },
  { W: 512, L: 8 },
];

/** Layer widths of the network 2 -> W x L -> 1, input first: [2, W, ..., W, 1]. */
export function benchWidths(W: number, L: number): number[] {
  return [2, ...Array<number>(L).fill(W), 1];
}

/** The seeded ReLU network 2 -> W x L -> 1 (He initialisation, seed `seed`, 1 by default). */
export function benchNetwork(W: number, L: number, seed = 1): Network {
  return initNetwork({ widths: benchWidths(W, L), activation: 'relu', init: 'he', seed });
}

/** The name in the Node drivers' records, e.g. `relu 2-32x4-1 on [-3,3]^2` for W 32, L 4, half 3. */
export function benchName(W: number, L: number, half: number): string {
  return `relu 2-${W}x${L}-1 on [-${half},${half}]^2`;
}
