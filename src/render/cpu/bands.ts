/**
 * The CPU renderer's unit of work: a band of rows of an image of the view, evaluated by the float64 pixel
 * rule (engine/pixels.ts) and coloured (colour.ts), and the messages that carry bands between the renderer
 * and its workers (src/workers/cpuRender.worker.ts). Pure: it runs in a worker and on the main thread.
 */
import type { Network } from '../../engine/model.ts';
import { evaluatePixels, neighbourRect } from '../../engine/pixels.ts';
import type { PlaneMap } from '../../engine/plane.ts';
import type { ViewRect } from '../../engine/range.ts';
import { type ColourPlan, colourPixels } from './colour.ts';

/** One band to draw: rows y .. y + rows - 1 of an imageWidth x imageHeight image of `view`. */
export interface BandRequest {
  /** The frame the band belongs to (a cancelled frame's bands are dropped). */
  job: number;
  /** The pass of the frame (0: the coarse pass when there is one). */
  pass: number;
  /** The network's sequence number (the worker must hold that network). */
  net: number;
  /** The plane map and the view. */
  map: PlaneMap;
  view: ViewRect;
  /** The whole image's size in pixels. */
  imageWidth: number;
  imageHeight: number;
  /** The band's first row and its number of rows. */
  y: number;
  rows: number;
  /** What the pixels show. */
  plan: ColourPlan;
}

/** Messages to a CPU render worker. */
export type ToBandWorker =
  | { type: 'network'; seq: number; net: Network }
  | ({ type: 'band' } & BandRequest)
  | { type: 'cancel'; job: number };

/** Messages from a CPU render worker: a drawn band (RGBA, imageWidth x rows) or a failure. */
export type FromBandWorker =
  | { type: 'band'; job: number; pass: number; y: number; rows: number; rgba: Uint8ClampedArray }
  | { type: 'error'; job: number; message: string };

/** Draw the band `r` of `net`: RGBA bytes, imageWidth x rows, row 0 at the top. */
export function drawBand(net: Network, r: BandRequest): Uint8ClampedArray {
  const crop = { x: 0, y: r.y, width: r.imageWidth, height: r.rows };
  const block = evaluatePixels(
    net,
    r.map,
    r.view,
    r.imageWidth,
    r.imageHeight,
    neighbourRect(crop, r.imageWidth, r.imageHeight, r.plan.lineWidth),
    r.plan,
  );
  const rgba = new Uint8ClampedArray(4 * r.imageWidth * r.rows);
  colourPixels(block, r.plan, r.imageWidth, crop, rgba);
  return rgba;
}

/**
 * A worker's message handler: keeps the last network, queues bands and draws them one at a time (a task
 * each, so that a cancel message that arrives meanwhile drops the queued bands of its frame), posting each
 * with `post`. A failure is posted as an error of its frame.
 */
export function bandHost(
  post: (m: FromBandWorker, transfer: Transferable[]) => void,
): (m: ToBandWorker) => void {
  const nets = new Map<number, Network>();
  const queue: BandRequest[] = [];
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const r = queue.shift();
    if (!r) return;
    try {
      const net = nets.get(r.net);
      if (!net) throw new Error(`the CPU renderer's worker has no network ${r.net}`);
      const rgba = drawBand(net, r);
      post({ type: 'band', job: r.job, pass: r.pass, y: r.y, rows: r.rows, rgba }, [rgba.buffer]);
    } catch (e) {
      post({ type: 'error', job: r.job, message: e instanceof Error ? e.message : String(e) }, []);
    }
    schedule();
  };
  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setTimeout(run, 0);
  };
  return (m) => {
    if (m.type === 'network') {
      nets.clear();
      nets.set(m.seq, m.net);
    } else if (m.type === 'cancel') {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.job === m.job) queue.splice(i, 1);
    } else {
      queue.push(m);
      schedule();
    }
  };
}
