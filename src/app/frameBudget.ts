/**
 * The frame budget of the explorer: how long a step of a frame, a draw call and an interactive frame may
 * take, and the rules that turn the device's measured speed into draw sizes and drag resolutions.
 */
import type { MapRenderer } from '../render/mapRenderer.ts';
import { MACS_PER_DRAW } from '../render/renderer.ts';

/** Target duration of one step of a frame drawn over several animation frames (ms). */
export const STEP_MS = 50;

/** GPU time aimed at for one frame while the user drags or zooms (ms): a 60 Hz frame. */
export const INTERACTIVE_FRAME_MS = 16;

/** GPU time aimed at for one draw call (ms): well under any GPU watchdog, and the page stays responsive. */
export const DRAW_MS = 25;

/**
 * Multiply-adds per draw call for a device that draws `stepMacs` in STEP_MS: about DRAW_MS of work (the
 * nearest power of two), between 2^20 and the renderer's MACS_PER_DRAW.
 */
export function macsPerDrawFor(stepMacs: number): number {
  // A power of two: the learnt speed wobbles from frame to frame, and a frame's tiles (frame.ts) are rebuilt
  // only when the budget changes.
  const macs = 2 ** Math.round(Math.log2(Math.max(1, (stepMacs * DRAW_MS) / STEP_MS)));
  return Math.min(MACS_PER_DRAW, Math.max(2 ** 20, macs));
}

/** Smallest resolution divisor while the user drags or zooms (see App.interactiveReduction). */
export const INTERACTIVE_REDUCTION = 4;

/**
 * The resolution divisor of a frame while the user drags or zooms, for `renderer`'s canvas and network
 * and a step budget of `stepMacs` multiply-adds per STEP_MS (see App.interactiveReduction).
 */
export function interactiveReductionFor(
  renderer: Pick<MapRenderer, 'canvas' | 'packedNetwork'>,
  stepMacs: number,
): number {
  const { width, height } = renderer.canvas;
  const cost = width * height * (renderer.packedNetwork?.macsPerPixel ?? 1);
  const budget = (stepMacs * INTERACTIVE_FRAME_MS) / STEP_MS;
  const r = Math.ceil(Math.sqrt(cost / budget));
  return Math.min(16, Math.max(INTERACTIVE_REDUCTION, r));
}

/**
 * The resolution divisor of the coarse frame drawn first when the canvas (`size`) does not show the
 * current state and its full frame costs `cost` multiply-adds, more than one step (`stepMacs`): the
 * smallest divisor from 2 whose frame fits one step, at most the canvas's longer side (one pixel).
 */
export function coarseReductionFor(
  size: { width: number; height: number },
  cost: number,
  stepMacs: number,
): number {
  const r = Math.ceil(Math.sqrt(cost / Math.max(1, stepMacs)));
  return Math.min(Math.max(size.width, size.height, 1), Math.max(2, r));
}

/** GPU time aimed at for one frame of live training (ms): about 25 updates of the map a second. */
export const TRAINING_FRAME_MS = 40;

/**
 * The resolution divisor of a frame while training runs: 1 when a full frame fits in TRAINING_FRAME_MS of
 * the device's measured speed (`stepMacs` per STEP_MS), more otherwise (at most 16); the full resolution
 * follows once training pauses.
 */
export function trainingReductionFor(
  renderer: Pick<MapRenderer, 'canvas' | 'packedNetwork'>,
  stepMacs: number,
): number {
  const { width, height } = renderer.canvas;
  const cost = width * height * (renderer.packedNetwork?.macsPerPixel ?? 1);
  const budget = (stepMacs * TRAINING_FRAME_MS) / STEP_MS;
  return Math.min(16, Math.max(1, Math.ceil(Math.sqrt(cost / budget))));
}

/**
 * The resolution divisor of the next live-training frame given the divisor of the previous one (`previous`;
 * 0 before the first) and the divisor that fits now (`ideal`, from {@link trainingReductionFor}): a power of
 * two from 1 to 16 that stays while `ideal` is within 0.4 to 1.25 times it (a frame then costs at most about
 * 1.6 times the budget), so the measured speed's wobble from frame to frame does not change the frame size
 * (and reallocate the passes' targets) at every update.
 */
export function steadyTrainingReduction(previous: number, ideal: number): number {
  let level = 1;
  while (level < ideal && level < 16) level *= 2;
  if (previous <= 0 || ideal > previous * 1.25 || ideal <= previous * 0.4) return level;
  return previous;
}

/**
 * Milliseconds aimed at for one live-training frame, from its first step to the device's fence seen done
 * (polled every FENCE_POLL_MS): with the wait for the animation frame that starts the next one, more than
 * 12 updates of the map a second.
 */
export const LIVE_FRAME_MS = 60;

/**
 * Milliseconds of a live frame taken as not shrinking with its pixels at the least (the page's own work
 * around it; the measured frame time minus the network pass's share is used where that is more).
 */
export const LIVE_FIXED_MS = 5;

/**
 * Milliseconds the network pass of a live frame at divisor `reduction` takes on a device that draws
 * `stepMacs` multiply-adds per STEP_MS (the explorer's learnt speed): the part of the frame that grows
 * four times when the divisor halves.
 */
export function livePassMs(
  renderer: Pick<MapRenderer, 'canvas' | 'packedNetwork'>,
  stepMacs: number,
  reduction: number,
): number {
  const { width, height } = renderer.canvas;
  const pixels = Math.ceil(width / reduction) * Math.ceil(height / reduction);
  return ((pixels * (renderer.packedNetwork?.macsPerPixel ?? 1)) / Math.max(1, stepMacs)) * STEP_MS;
}

/**
 * The resolution divisor of the next live-training frame after one at divisor `previous` (a power of two)
 * took `frameMs` (FrameLoop.liveFrameMs: the whole cost of an update), of which `passMs` is the network
 * pass (at most frameMs - LIVE_FIXED_MS counts; default: all of that): doubled (at most 16) when it took
 * more than LIVE_FRAME_MS; halved (at least 1) when the rest plus four times the pass (a frame at half the
 * divisor has four times the pixels) still fits; else kept. So the pixels drawn follow the measured cost
 * rather than a speed model alone, and a frame whose cost is mostly fixed (the copy onto the canvas, the
 * page's compositing) does not keep the divisor at 16.
 */
export function liveReductionAfter(previous: number, frameMs: number, passMs = frameMs): number {
  if (frameMs > LIVE_FRAME_MS) return Math.min(16, previous * 2);
  const pass = Math.max(0, Math.min(passMs, frameMs - LIVE_FIXED_MS));
  if (frameMs + 3 * pass <= LIVE_FRAME_MS) return Math.max(1, previous / 2);
  return previous;
}

/**
 * The divisor of the next live frame: from the device's measured speed for the first (`previous` 0, or no
 * frame time yet), else {@link liveReductionAfter} of the last one's time `frameMs`, its network pass
 * estimated by {@link livePassMs}.
 */
export function nextLiveReduction(
  renderer: Pick<MapRenderer, 'canvas' | 'packedNetwork'>,
  stepMacs: number,
  previous: number,
  frameMs: number,
): number {
  if (previous <= 0 || frameMs <= 0)
    return steadyTrainingReduction(0, trainingReductionFor(renderer, stepMacs));
  return liveReductionAfter(previous, frameMs, livePassMs(renderer, stepMacs, previous));
}
