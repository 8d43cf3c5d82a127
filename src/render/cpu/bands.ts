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
import { readPixelWords, type WordRead } from './words.ts';

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

/** One band of a read of words (see words.ts): rows y .. y + rows - 1 of an imageWidth x imageHeight image. */
export interface ReadBandRequest {
  /** The read the band belongs to. */
  read: number;
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
  /** What is read. */
  spec: WordRead;
}

/** Messages to a CPU render worker. */
export type ToBandWorker =
  | { type: 'network'; seq: number; net: Network }
  | ({ type: 'band' } & BandRequest)
  | ({ type: 'read' } & ReadBandRequest)
  | { type: 'cancel'; job: number };

/**
 * Messages from a CPU render worker: a drawn band (RGBA, imageWidth x rows), the words of a read band, or a
 * failure of a frame's band or of a read's.
 */
export type FromBandWorker =
  | { type: 'band'; job: number; pass: number; y: number; rows: number; rgba: Uint8ClampedArray }
  | { type: 'error'; job: number; message: string }
  | { type: 'words'; read: number; y: number; rows: number; words: Uint32Array }
  | { type: 'readError'; read: number; message: string };

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

/** The words of the read band `r` of `net`: see words.ts readPixelWords. */
export function readBand(net: Network, r: ReadBandRequest): Uint32Array {
  const rect = { x: 0, y: r.y, width: r.imageWidth, height: r.rows };
  return readPixelWords(net, r.map, r.view, r.imageWidth, r.imageHeight, rect, r.spec);
}

type Queued = ({ type: 'band' } & BandRequest) | ({ type: 'read' } & ReadBandRequest);

/** Post the result of the queued item `r` of `net` (a drawn band or a read's words), or its failure. */
function answer(
  r: Queued,
  net: Network | undefined,
  post: (m: FromBandWorker, transfer: Transferable[]) => void,
): void {
  try {
    if (!net) throw new Error(`the CPU renderer's worker has no network ${r.net}`);
    if (r.type === 'read') {
      const words = readBand(net, r);
      post({ type: 'words', read: r.read, y: r.y, rows: r.rows, words }, [words.buffer]);
    } else {
      const rgba = drawBand(net, r);
      post({ type: 'band', job: r.job, pass: r.pass, y: r.y, rows: r.rows, rgba }, [rgba.buffer]);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    post(
      r.type === 'read'
        ? { type: 'readError', read: r.read, message }
        : { type: 'error', job: r.job, message },
      [],
    );
  }
}

/**
 * A worker's message handler: keeps the last network, queues bands of frames and of reads and computes
 * them one at a time (a task each, so that a cancel message that arrives meanwhile drops the queued bands
 * of its frame), posting each with `post`. A failure is posted as an error of its frame or read.
 */
export function bandHost(
  post: (m: FromBandWorker, transfer: Transferable[]) => void,
): (m: ToBandWorker) => void {
  const nets = new Map<number, Network>();
  const queue: Queued[] = [];
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const r = queue.shift();
    if (!r) return;
    answer(r, nets.get(r.net), post);
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
      for (let i = queue.length - 1; i >= 0; i--) {
        const q = queue[i]!;
        if (q.type === 'band' && q.job === m.job) queue.splice(i, 1);
      }
    } else {
      queue.push(m);
      schedule();
    }
  };
}
