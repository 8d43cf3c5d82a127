/**
 * The CPU renderer's worker: draws bands of rows of the region map with the float64 engine
 * (render/cpu/bands.ts), one at a time in the order received; a `cancel` message drops the queued bands of
 * its frame.
 */
import { bandHost, type FromBandWorker, type ToBandWorker } from '../render/cpu/bands.ts';

const receive = bandHost((m: FromBandWorker, transfer: Transferable[]) =>
  (self as unknown as Worker).postMessage(m, transfer),
);

self.onmessage = (e: MessageEvent<ToBandWorker>) => receive(e.data);
