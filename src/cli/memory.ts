/**
 * The memory check of `regions` before it starts: a network of one hidden layer of k zero sets (lines) makes
 * at most 1 + k + C(k, 2) regions (Zaslavsky, reached in general position), and each region keeps its
 * pattern (one byte per neuron) plus about 200 bytes of polygon, maps and bookkeeping. A job whose bound
 * needs more than half of this machine's memory is refused with the estimate unless --max-regions caps it.
 * Deeper networks have no useful bound; an enumeration that runs out of memory stops with a message.
 */
import { totalmem } from 'node:os';
import { thresholds } from '../engine/activations.ts';
import { type Network, neuronCount } from '../engine/model.ts';

/** Bytes per region besides its pattern (polygon, maps, face and edge bookkeeping), measured roughly. */
const BYTES_PER_REGION = 200;

/** The refusal message for `net` without a cap, or null when the job fits (or cannot be bounded). */
export function memoryRefusal(net: Network, maxRegions: number | undefined): string | null {
  if (maxRegions !== undefined || net.inputDim === 1 || net.layers.length !== 2) return null;
  const L = net.layers[0]!;
  const k = L.outDim * thresholds(L.activation).length;
  const regions = 1 + k + (k * (k - 1)) / 2;
  const perRegion = neuronCount(net) + BYTES_PER_REGION;
  const bytes = regions * perRegion;
  const budget = totalmem() / 2;
  if (bytes <= budget) return null;
  const gb = (x: number) => `${(x / 2 ** 30).toFixed(1)} GB`;
  return (
    `this job may not fit in memory: one hidden layer of ${k} lines makes up to ${regions} regions of about ` +
    `${perRegion} bytes each (${gb(bytes)}), more than half of this machine's ${gb(2 * budget)}; ` +
    'use --max-regions N (or a smaller window)'
  );
}
