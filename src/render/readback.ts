/**
 * Reading evaluated words back from a framebuffer: RGBA8 words (one 32-bit word per pixel, packed by the
 * network shader) or RGBA32UI words (four per pixel). Rows are flipped so that row 0 is the top.
 */
import type { Framebuffer2D, Regl } from 'regl';
import { readUintPixels } from './gl2.ts';

/**
 * Flip `rows` rows of `rowLength` entries of `src` so that the last row comes first, into `out` (a new array
 * when not given; must not overlap `src`); returns `out`.
 */
export function flipRows(
  src: Uint32Array,
  rows: number,
  rowLength: number,
  out: Uint32Array = new Uint32Array(rows * rowLength),
): Uint32Array {
  for (let j = 0; j < rows; j++) {
    out.set(src.subarray((rows - 1 - j) * rowLength, (rows - j) * rowLength), j * rowLength);
  }
  return out;
}

/** Run `draws` into the RGBA8 framebuffer `fbo` (width x height) and read one word per pixel, top row first. */
export function readWordsOf(
  regl: Regl,
  fbo: Framebuffer2D,
  draws: readonly (() => void)[],
  width: number,
  height: number,
): Uint32Array {
  fbo.resize(width, height);
  for (const d of draws) d();
  let bytes: Uint8Array = new Uint8Array(width * height * 4);
  regl({ framebuffer: fbo })(() => {
    bytes = regl.read({ x: 0, y: 0, width, height, data: bytes }) as Uint8Array;
  });
  return flipRows(new Uint32Array(bytes.buffer, bytes.byteOffset, width * height), height, width);
}

/**
 * Run `draws` into the RGBA32UI framebuffer `fbo` and read four words per pixel, top row first; with
 * `attachments` = 2 eight, the four of colour attachment 0 then the four of attachment 1.
 */
export function readUintWordsOf(
  regl: Regl,
  gl: WebGL2RenderingContext,
  fbo: Framebuffer2D,
  draws: readonly (() => void)[],
  width: number,
  height: number,
  attachments: 1 | 2 = 1,
): Uint32Array {
  for (const d of draws) d();
  let raw: Uint32Array = new Uint32Array(0);
  regl({ framebuffer: fbo })(() => {
    raw = readUintPixels(gl, width, height);
    if (attachments === 2) {
      const second = readUintPixels(gl, width, height, 1);
      const both = new Uint32Array(8 * width * height);
      for (let p = 0; p < width * height; p++) {
        both.set(raw.subarray(4 * p, 4 * p + 4), 8 * p);
        both.set(second.subarray(4 * p, 4 * p + 4), 8 * p + 4);
      }
      raw = both;
    }
  });
  return flipRows(raw, height, 4 * attachments * width);
}

/** Interleave four equally long word arrays into one with four words per pixel. */
export function interleave(words: readonly Uint32Array[]): Uint32Array {
  const n = words[0]?.length ?? 0;
  const out = new Uint32Array(4 * n);
  words.forEach((w, k) => {
    for (let p = 0; p < n; p++) out[4 * p + k] = w[p]!;
  });
  return out;
}

/**
 * One word per pixel from the words of a pass with `pixels` pixels per fragment, read as `4 x attachments`
 * words per texel of a target ceil(width / pixels) wide: pixel x of a row is word x % pixels of texel
 * floor(x / pixels). Returns a new width x height array.
 */
export function unpackFragmentWords(
  raw: Uint32Array,
  width: number,
  height: number,
  pixels: number,
  attachments: 1 | 2,
): Uint32Array {
  const tw = Math.ceil(width / pixels);
  const stride = 4 * attachments;
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      out[y * width + x] = raw[stride * (y * tw + Math.floor(x / pixels)) + (x % pixels)]!;
  }
  return out;
}
