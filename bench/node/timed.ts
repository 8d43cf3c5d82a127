/**
 * Full collections, runs timed after them and warm-up runs, for the Node benchmarks (engine.ts, peers.ts). The flag is
 * set before gc is looked up, so that no command-line flag is needed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full collection. */
export const gc = runInNewContext('gc') as () => void;

/**
 * Seconds of one run of `f`, after full collections: each run starts from the same heap, so that the
 * previous run's garbage (the regions it returned) is not collected inside this one's time.
 */
export function timed(f: () => void): number {
  gc();
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Seconds of untimed runs before the timed ones: V8 compiles the walk over several runs of a small network
 * (the first timed runs of 2 -> 8 x 3 ran in the interpreter after one warm-up run).
 */
export const WARM_UP_SECONDS = 0.3;

/** Run `f` once, and again until WARM_UP_SECONDS have passed since it began. */
export function warmUp(f: () => void): void {
  const t0 = process.hrtime.bigint();
  do f();
  while (Number(process.hrtime.bigint() - t0) / 1e9 < WARM_UP_SECONDS);
}
