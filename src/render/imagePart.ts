/**
 * Parts of an exported image: a part of an image of the current view, evaluated with the whole image's
 * centre and pixel size, coloured as the canvas is, and read back as RGBA bytes, top row first.
 */
import type { DrawCommand, Framebuffer2D } from 'regl';
import { linePixels } from '../state/look.ts';
import { compositeWords, fboTexture } from './gl2.ts';
import type { ImagePartRequest } from './mapRenderer.ts';
import type { PassCore } from './passes.ts';
import { flipRows } from './readback.ts';

/** The image-part pass of one renderer; its targets are made on first use. */
export class ImagePartPass {
  private targets: { data: Framebuffer2D; words: Framebuffer2D; colour: Framebuffer2D } | null = null;
  private raw: Uint8Array = new Uint8Array(0);
  private onColour: DrawCommand | null = null;

  /** The pass drawing through `core`. */
  constructor(private readonly core: PassCore) {}

  /** See MapRenderer.renderImagePart. */
  render(req: ImagePartRequest): Uint8Array | null {
    const core = this.core;
    const { display, imageWidth, imageHeight, x, y, width, height } = req;
    if (!core.ready) return null;
    if (width < 1 || height < 1 || x < 0 || y < 0 || x + width > imageWidth || y + height > imageHeight) {
      return null;
    }
    // GL's origin is the bottom left: the part's bottom row in GL coordinates. Lines of width w compare a
    // pixel with those of the box [-lo, hi]^2 about it (composite.frag.glsl): the part is evaluated with a
    // margin of lo columns on the left and rows below, hi on the right and above, where the image goes on.
    const gy = imageHeight - y - height;
    const lineWidth = linePixels(display.lineWidth ?? 1);
    const hi = (lineWidth + 1) >> 1;
    const lo = lineWidth >> 1;
    const left = Math.min(lo, x);
    const below = Math.min(lo, gy);
    const dw = width + left + Math.min(hi, imageWidth - x - width);
    const dh = height + below + Math.min(hi, y);
    this.targets ??= { data: core.framebuffer(), words: core.framebuffer(), colour: core.framebuffer() };
    const { data, words, colour } = this.targets;
    colour.resize(dw, dh);
    const { value, hashNeurons, output, mode, lcRadius } = core.displayPlan(display);
    // As a frame: with P pixels per fragment the words go to an RGBA32UI target P times narrower.
    const P = core.pixelsFor('display', value);
    const fbo = core.passTarget(P, words, data, dw, dh);
    const part = { x: x - left, y: gy - below, imageWidth, imageHeight };
    const pass = { fbo, width: dw, height: dh, channel: 'display', value, hashNeurons, output } as const;
    for (const d of core.tiledPass({ ...pass, probe: display.probe, part, lcRadius })) d();
    // With P > 1 the composite's usamplers read the integer textures (regl cannot bind them).
    compositeWords(
      core.gl,
      core.programs.composite(mode, P, display.palette),
      {
        framebuffer: colour,
        data,
        dataSize: [dw, dh],
        targetSize: [dw, dh],
        range: display.range > 0 ? display.range : 1,
        boundaries: display.boundaries,
        probe: display.probe >= 0,
        lineWidth,
        viewport: { x: 0, y: 0, width: dw, height: dh },
      },
      P > 1 ? fboTexture(words) : null,
      P > 4 ? fboTexture(words, 1) : null,
      core.refresh,
    );
    const n = width * height * 4;
    const out = req.out;
    const bytes = out && out.length >= n && out.byteOffset % 4 === 0 ? out : new Uint8Array(n);
    const raw = this.raw.length >= n ? this.raw : new Uint8Array(n);
    this.raw = raw;
    this.onColour ??= core.regl({ framebuffer: colour });
    this.onColour(() => {
      core.regl.read({ x: left, y: below, width, height, data: raw.subarray(0, n) });
    });
    // One RGBA pixel is one 32-bit word: flip the rows as words.
    const asWords = (a: Uint8Array) => new Uint32Array(a.buffer, a.byteOffset, width * height);
    flipRows(asWords(raw), height, width, asWords(bytes));
    return bytes;
  }
}
