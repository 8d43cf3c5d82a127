import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32, PngWriter } from '../../src/engine/io/png.ts';
import { Rng } from '../../src/engine/rng.ts';

/** Encode `rgba` (width x height) with PngWriter, writing `band` rows at a time; returns the file. */
function encode(rgba: Uint8Array, width: number, height: number, band: number, level: 0 | 2 | 9 = 2) {
  const parts: Uint8Array[] = [];
  const w = new PngWriter(width, height, (b) => parts.push(b.slice()), level);
  for (let y = 0; y < height; y += band) {
    const rows = Math.min(band, height - y);
    w.writeRows(rgba, rows, y * width * 4);
  }
  w.finish();
  const total = parts.reduce((n, p) => n + p.length, 0);
  expect(total).toBe(w.bytesOut);
  return Buffer.concat(parts);
}

function randomImage(width: number, height: number, seed: number, flat: boolean): Uint8Array {
  const rng = new Rng(seed);
  const out = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    // Flat images: blocks of 7 x 5 pixels of one colour, as a region map has.
    const key = Math.floor((p % width) / 7) * 7919 + Math.floor(p / width / 5) * 104729;
    const r = flat ? new Rng(seed ^ key) : rng;
    for (let c = 0; c < 3; c++) out[4 * p + c] = r.nextUint32() & 255;
    out[4 * p + 3] = 255;
  }
  return out;
}

describe('PngWriter', () => {
  it('CRC-32 matches the standard check value and continues across pieces', () => {
    const text = new TextEncoder().encode('123456789');
    expect(crc32(text)).toBe(0xcbf43926);
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  for (const [width, height, band, flat] of [
    [1, 1, 1, false],
    [37, 23, 5, false],
    [300, 7, 7, true],
    [129, 200, 64, true],
  ] as const) {
    it(`round-trips ${width} x ${height} in bands of ${band} (${flat ? 'flat' : 'noise'}) through pngjs`, () => {
      const rgba = randomImage(width, height, width * 31 + height, flat);
      for (const level of [0, 2, 9] as const) {
        const file = encode(rgba, width, height, band, level);
        const png = PNG.sync.read(file); // checks every chunk's CRC and the zlib stream
        expect([png.width, png.height]).toEqual([width, height]);
        expect(Buffer.from(png.data).equals(Buffer.from(rgba))).toBe(true);
      }
    });
  }

  it('compresses a flat region map far below its raw size', () => {
    const rgba = randomImage(512, 512, 5, true);
    expect(encode(rgba, 512, 512, 100).length).toBeLessThan((512 * 512 * 3) / 10);
  });

  it('refuses bad sizes, too many rows and an early finish', () => {
    const sink = () => {};
    expect(() => new PngWriter(0, 5, sink)).toThrow(/width must be an integer from 1/);
    expect(() => new PngWriter(5, 1.5, sink)).toThrow(/height must be an integer/);
    const w = new PngWriter(2, 2, sink);
    expect(() => w.finish()).toThrow(/2 rows but only 0 were written/);
    expect(() => w.writeRows(new Uint8Array(4), 1)).toThrow(/need 8 bytes/);
    w.writeRows(new Uint8Array(16), 2);
    expect(() => w.writeRows(new Uint8Array(8), 1)).toThrow(/too many/);
    w.finish();
    expect(() => w.writeRows(new Uint8Array(8), 1)).toThrow(/already finished/);
  });
});
