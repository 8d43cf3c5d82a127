/**
 * The export's part -> band -> PNG assembly (src/app/exportImage.ts) with a stand-in renderer whose pixel
 * colours are a function of the image coordinates: the file must decode to exactly that image whatever the
 * part sizes, and bands must respect BAND_BYTES.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { ExportRenderer } from '../../src/app/exportImage.ts';
import { BAND_BYTES, exportRegionMapPng, nextPartSize } from '../../src/app/exportImage.ts';
import { defaultDisplay } from '../../src/benchPage/interaction.ts';
import type { ImagePartRequest } from '../../src/render/mapRenderer.ts';

const colourAt = (x: number, y: number) => [(x * 7 + y) & 255, (y * 13) & 255, (x ^ y) & 255] as const;

/** A renderer that draws colourAt and records the parts asked for. */
function fakeRenderer(maxTextureSize = 8192) {
  const parts: { x: number; y: number; w: number; h: number }[] = [];
  const r: ExportRenderer = {
    limits: {
      maxTextureSize,
      maxRenderbufferSize: 16384,
      maxViewport: 16384,
      maxUniformBlockSize: 65536,
      renderer: 'a fake',
    },
    displayMacsPerPixel: () => 100,
    glError: () => null,
    renderImagePart({ x, y, width: w, height: h }: ImagePartRequest) {
      parts.push({ x, y, w, h });
      const out = new Uint8Array(w * h * 4);
      for (let j = 0; j < h; j++) {
        for (let i = 0; i < w; i++) {
          const c = colourAt(x + i, y + j);
          out.set([c[0], c[1], c[2], 255], (j * w + i) * 4);
        }
      }
      return out;
    },
  };
  return { renderer: r, parts };
}

const display = defaultDisplay(1);

async function exportWith(width: number, height: number, fixed?: [number, number], maxTextureSize?: number) {
  const { renderer, parts } = fakeRenderer(maxTextureSize);
  const chunks: Uint8Array[] = [];
  const result = await exportRegionMapPng(renderer, display, {
    width,
    height,
    ...(fixed ? { partWidth: fixed[0], partHeight: fixed[1] } : {}),
    sink: (b) => void chunks.push(b),
    blockBytes: 1000,
  });
  const png = PNG.sync.read(Buffer.concat(chunks));
  return { result, parts, png };
}

describe('exportRegionMapPng assembly', () => {
  for (const [width, height, fixed] of [
    [1, 1, undefined],
    [333, 71, [50, 16]],
    [300, 200, [300, 200]],
    [5000, 40, undefined],
    [129, 257, [7, 300]],
  ] as const) {
    it(`${width} x ${height} in ${fixed ? fixed.join(' x ') : 'adaptive'} parts decodes to the image`, async () => {
      const { result, parts, png } = await exportWith(width, height, fixed as [number, number] | undefined);
      expect([png.width, png.height]).toEqual([width, height]);
      let bad = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const c = colourAt(x, y);
          const p = 4 * (y * width + x);
          if (png.data[p] !== c[0] || png.data[p + 1] !== c[1] || png.data[p + 2] !== c[2]) bad++;
        }
      }
      expect(bad).toBe(0);
      // Every pixel drawn exactly once.
      expect(parts.reduce((n, q) => n + q.w * q.h, 0)).toBe(width * height);
      expect(result.parts).toBe(parts.length);
    });
  }

  it('cuts bands to BAND_BYTES however wide the image', async () => {
    const width = 40000;
    const { parts } = await exportWith(width, 600, [4000, 1000], 65536);
    const maxRows = Math.floor(BAND_BYTES / (width * 4));
    expect(maxRows).toBe(419);
    expect(Math.max(...parts.map((q) => q.h))).toBe(maxRows);
  });
});

describe('nextPartSize', () => {
  it('makes parts about four times as wide as high, within the limits', () => {
    expect(nextPartSize(16384, 16384, 100, 100 * 1_000_000, 8191)).toEqual({
      partWidth: 2000,
      partHeight: 500,
    });
    expect(nextPartSize(16384, 16384, 100, 100 * 10_000, 8191)).toEqual({ partWidth: 200, partHeight: 50 });
    expect(nextPartSize(16384, 16384, 100, 100, 8191)).toEqual({ partWidth: 64, partHeight: 1 });
    expect(nextPartSize(30, 5, 100, 1e12, 8191)).toEqual({ partWidth: 30, partHeight: 5 });
    expect(nextPartSize(16384, 16384, 1, 1e12, 2047)).toEqual({ partWidth: 2047, partHeight: 1024 });
  });
});
