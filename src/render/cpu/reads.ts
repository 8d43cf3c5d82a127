/**
 * A read of words by the CPU renderer's workers (readWords and readIdWords as promises): the image is cut
 * into bands of rows as frames are (bands.ts), the bands go to the workers, and the read resolves with the
 * words put together once every band has come back, so that a large read never blocks the page.
 */
import type { WordRead } from './words.ts';
import { wordsPerPixel } from './words.ts';

/** Multiply-adds per band of a read: about 10 to 30 ms of a worker's time. */
export const READ_BAND_MACS = 2 ** 22;

/** The bands of rows of a width x height read costing `macsPerPixel` per pixel. */
export function readBandRows(
  width: number,
  height: number,
  macsPerPixel: number,
): { y: number; rows: number }[] {
  const rows = Math.max(1, Math.floor(READ_BAND_MACS / Math.max(1, width * macsPerPixel)));
  const bands: { y: number; rows: number }[] = [];
  for (let y = 0; y < height; y += rows) bands.push({ y, rows: Math.min(rows, height - y) });
  return bands;
}

/** Multiply-adds per pixel of `read` for a network of `macsPerPixel` (tangents cost about three passes). */
export function readMacsPerPixel(read: WordRead, macsPerPixel: number): number {
  return macsPerPixel * (read.channel === 'gradient' || read.channel === 'complexity' ? 3 : 1);
}

/** One read in progress: its words fill in band by band, and its promise settles once. */
export class CpuRead {
  /** The words of the whole read, row-major, row 0 at the top. */
  readonly words: Uint32Array;
  /** Settles with {@link words} when every band has come back, or with the first failure. */
  readonly promise: Promise<Uint32Array>;
  private left: number;
  private settle!: (w: Uint32Array) => void;
  private refuse!: (e: Error) => void;
  private done = false;

  /** A read of width x height pixels of `spec` in `bands` bands. */
  constructor(
    readonly width: number,
    readonly height: number,
    readonly spec: WordRead,
    bands: number,
  ) {
    this.words = new Uint32Array(wordsPerPixel(spec.channel) * width * height);
    this.left = bands;
    this.promise = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.refuse = reject;
    });
    if (bands === 0) this.finish();
  }

  /** True once the read has resolved or failed. */
  get settled(): boolean {
    return this.done;
  }

  /** Put the words of rows y .. y + rows - 1 in place; resolves the read after its last band. */
  receive(y: number, rows: number, words: Uint32Array): void {
    if (this.done) return;
    const per = wordsPerPixel(this.spec.channel);
    if (words.length !== per * this.width * rows) {
      this.fail(`a CPU read band of rows ${y} to ${y + rows - 1} came back with ${words.length} words`);
      return;
    }
    this.words.set(words, per * this.width * y);
    if (--this.left === 0) this.finish();
  }

  /** The read fails with `message` (a worker's failure). */
  fail(message: string): void {
    if (this.done) return;
    this.done = true;
    this.refuse(new Error(message));
  }

  private finish(): void {
    this.done = true;
    this.settle(this.words);
  }
}
