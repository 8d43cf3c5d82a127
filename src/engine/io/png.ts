/**
 * A streaming PNG encoder (8-bit RGB, no interlace) for images too large to hold in memory: rows go in a
 * band at a time, compressed bytes come out through a callback as they are produced, so a 16384 x 16384
 * region map never needs its 805 MB of raw pixels at once. Compression is fflate's streaming zlib; this
 * file only frames it (signature, IHDR, IDAT chunks, IEND, CRC-32) and filters the rows. Runs in Node,
 * browsers and workers.
 */
import { Zlib } from 'fflate';

/** The largest width or height a PNG may declare (2^31 - 1). */
export const PNG_MAX_SIDE = 2 ** 31 - 1;

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

let crcTable: Uint32Array | null = null;

/** The CRC-32 (ISO 3309, as PNG uses it) of `bytes`, continuing from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Writes one PNG of width x height, RGB 8-bit, rows top to bottom. Each row is stored with PNG filter 1
 * (Sub: the difference from the pixel to the left), which turns the flat runs of a region map into zeros.
 * Bytes reach `sink` in order: the signature and IHDR at construction, IDAT chunks as compression produces
 * them, IEND at {@link finish}. Throws RangeError for a side below 1 or above PNG_MAX_SIDE, and Error
 * when more rows than `height` are written or `finish` comes early.
 */
export class PngWriter {
  private readonly zlib: Zlib;
  private readonly row: Uint8Array;
  private rowsWritten = 0;
  private finished = false;
  /** Compressed bytes emitted so far (all chunks included). */
  bytesOut = 0;

  constructor(
    /** Image width in pixels. */
    readonly width: number,
    /** Image height in pixels. */
    readonly height: number,
    private readonly sink: (bytes: Uint8Array) => void,
    /** fflate compression level, 0 (store) to 9; 1-3 are fast and compress region maps well. */
    level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 2,
  ) {
    for (const [name, side] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(side) || side < 1 || side > PNG_MAX_SIDE) {
        throw new RangeError(`PNG ${name} must be an integer from 1 to ${PNG_MAX_SIDE}, got ${side}`);
      }
    }
    this.row = new Uint8Array(1 + 3 * width);
    this.row[0] = 1;
    this.zlib = new Zlib({ level });
    this.zlib.ondata = (data) => {
      if (data.length) this.emit(chunk('IDAT', data));
    };
    const ihdr = new Uint8Array(13);
    const view = new DataView(ihdr.buffer);
    view.setUint32(0, width);
    view.setUint32(4, height);
    ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filters, no interlace
    this.emit(SIGNATURE);
    this.emit(chunk('IHDR', ihdr));
  }

  private emit(bytes: Uint8Array): void {
    this.bytesOut += bytes.length;
    this.sink(bytes);
  }

  /**
   * Append `count` rows of RGBA pixels (alpha ignored), top row first: `rgba` holds at least
   * count x width x 4 bytes, row after row, starting at byte `offset`.
   */
  writeRows(rgba: Uint8Array, count: number, offset = 0): void {
    if (this.finished) throw new Error('PNG already finished');
    if (this.rowsWritten + count > this.height) {
      throw new Error(`PNG has ${this.height} rows; writing ${count} after ${this.rowsWritten} is too many`);
    }
    if (rgba.length < offset + count * this.width * 4) {
      throw new RangeError(`${count} rows of ${this.width} RGBA pixels need ${count * this.width * 4} bytes`);
    }
    const { row, width } = this;
    for (let r = 0; r < count; r++) {
      let p = offset + r * width * 4;
      let pr = 0;
      let pg = 0;
      let pb = 0;
      for (let i = 1; i <= 3 * width; i += 3, p += 4) {
        const red = rgba[p]!;
        const green = rgba[p + 1]!;
        const blue = rgba[p + 2]!;
        row[i] = (red - pr) & 255;
        row[i + 1] = (green - pg) & 255;
        row[i + 2] = (blue - pb) & 255;
        pr = red;
        pg = green;
        pb = blue;
      }
      this.zlib.push(row); // fflate copies the row into its window
    }
    this.rowsWritten += count;
  }

  /** Flush the compressor and write IEND; every row must have been written. */
  finish(): void {
    if (this.finished) return;
    if (this.rowsWritten !== this.height) {
      throw new Error(`PNG has ${this.height} rows but only ${this.rowsWritten} were written`);
    }
    this.zlib.push(new Uint8Array(0), true);
    this.finished = true;
    this.emit(chunk('IEND', new Uint8Array(0)));
  }
}
