/**
 * The CPU renderer of region maps (a {@link MapRenderer}): every pixel is the float64 engine's rule
 * (engine/pixels.ts), coloured as the WebGL2 composite colours it (colour.ts), drawn into a 2-D canvas with
 * putImageData. Frames are drawn by workers in bands of rows, a coarse pass first (cpuFrame.ts), and so are
 * the asynchronous reads of words (reads.ts, words.ts); the synchronous reads and image parts are computed
 * on the calling thread. It is used where WebGL2 is missing or fails,
 * while a WebGL context is lost, and where float32 cannot resolve the view (see fallback.ts).
 */
import type { Network } from '../../engine/model.ts';
import { type PackedNetwork, packNetwork } from '../../engine/pack.ts';
import { evaluatePixels, neighbourRect } from '../../engine/pixels.ts';
import type {
  DisplayOptions,
  FrameJob,
  ImagePartRequest,
  MapRenderer,
  Overlay,
  RenderLimits,
  RenderView,
  WordChannel,
} from '../mapRenderer.ts';
import { colourPixels, colourPlan } from './colour.ts';
import { BandPool, type BandWorker, drawOverlay } from './cpuFrame.ts';
import { readPixelWords, type WordRead, wordsPerPixel } from './words.ts';

/** The largest image side the CPU renderer draws or reads (pixels). */
export const CPU_MAX_SIDE = 16384;

/** The name the CPU renderer reports as its device. */
export const CPU_RENDERER_NAME = 'CPU (float64 engine)';

/** Renders region maps with the float64 engine into a 2-D canvas. */
export class CpuRenderer implements MapRenderer {
  readonly limits: RenderLimits = {
    maxTextureSize: CPU_MAX_SIDE,
    maxRenderbufferSize: CPU_MAX_SIDE,
    maxViewport: CPU_MAX_SIDE,
    maxUniformBlockSize: 0,
    renderer: CPU_RENDERER_NAME,
  };
  readonly compiledPrograms = 0;
  readonly idReadback = 'float64 engine' as const;
  readonly weightLocation = 'main memory' as const;
  macsPerDraw = 2 ** 22;
  private net: Network | null = null;
  private netSeq = 0;
  private packed: PackedNetwork | null = null;
  private view: RenderView | null = null;
  private readonly pool: BandPool;
  private ctx: CanvasRenderingContext2D | null = null;
  private image: ImageData | null = null;

  /**
   * A renderer whose frames have the size of `canvas` and are drawn into `target` (a 2-D canvas: `canvas`
   * itself, or one laid over it), by `workers` workers made by `createWorker` (null: on the main thread).
   */
  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly target: HTMLCanvasElement = canvas,
    createWorker: (() => BandWorker) | null = null,
    workers = 2,
  ) {
    this.pool = new BandPool(createWorker, workers);
  }

  /** The packed network in use (its layout gives the cost per pixel), or null before {@link setNetwork}. */
  get packedNetwork(): PackedNetwork | null {
    return this.packed;
  }

  /** The last failure of a worker, or null. */
  get workerError(): string | null {
    return this.pool.error;
  }

  /** Use `net`; the CPU renderer holds any network, so this never fails (returns null). */
  setNetwork(net: Network): string | null {
    if (net === this.net) return null;
    this.net = net;
    this.netSeq++;
    this.packed = packNetwork(net, this.packed);
    return null;
  }

  /** Set the view of the next frames. */
  setView(view: RenderView): void {
    this.view = { ...view };
  }

  /** The 2-D context of the target, sized to the canvas, and an image of that size. */
  private surface(): { ctx: CanvasRenderingContext2D; image: ImageData } | null {
    const W = this.canvas.width;
    const H = this.canvas.height;
    if (this.target.width !== W) this.target.width = W;
    if (this.target.height !== H) this.target.height = H;
    if (this.target !== this.canvas) {
      // A canvas laid over the map follows its CSS size (set when a script fixes the drawing buffer).
      this.target.style.width = this.canvas.style.width;
      this.target.style.height = this.canvas.style.height;
    }
    this.ctx ??= this.target.getContext('2d');
    if (!this.ctx) return null;
    if (!this.image || this.image.width !== W || this.image.height !== H)
      this.image = this.ctx.createImageData(W, H);
    return { ctx: this.ctx, image: this.image };
  }

  /** Start a frame at 1/`reduction` resolution (see cpuFrame.ts); null before a network and a view. */
  startFrame(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): FrameJob | null {
    if (!this.net || !this.view || !this.packed) return null;
    const s = this.surface();
    if (!s) return null;
    const spec = {
      net: this.net,
      netSeq: this.netSeq,
      map: this.view.map,
      view: { x0: this.view.x0, x1: this.view.x1, y0: this.view.y0, y1: this.view.y1 },
      plan: colourPlan(this.net, display, reduction),
      macsPerPixel: this.packed.macsPerPixel,
      reduction: Math.max(1, Math.round(reduction)),
      overlay: overlay
        ? { polygons: overlay.polygons, pinned: overlay.pinned, lineWidth: overlay.lineWidth ?? 1 }
        : null,
    };
    return this.pool.start(spec, s.ctx, s.image);
  }

  /** Draw a whole frame now, on this thread (see {@link startFrame}). */
  draw(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): void {
    if (!this.net || !this.view) return;
    const s = this.surface();
    if (!s) return;
    this.pool.cancel();
    const W = this.canvas.width;
    const H = this.canvas.height;
    const r = Math.max(1, Math.round(reduction));
    const w = Math.max(1, Math.ceil(W / r));
    const h = Math.max(1, Math.ceil(H / r));
    const rgba = this.imageOf(display, w, h, { x: 0, y: 0, width: w, height: h });
    if (!rgba) return;
    const data = s.image.data;
    for (let Y = 0; Y < H; Y++) {
      const sy = Math.min(h - 1, Math.floor(((Y + 0.5) * h) / H));
      for (let X = 0; X < W; X++) {
        const sx = Math.min(w - 1, Math.floor(((X + 0.5) * w) / W));
        const i = 4 * (sy * w + sx);
        const o = 4 * (Y * W + X);
        data[o] = rgba[i]!;
        data[o + 1] = rgba[i + 1]!;
        data[o + 2] = rgba[i + 2]!;
        data[o + 3] = 255;
      }
    }
    s.ctx.putImageData(s.image, 0, 0);
    if (overlay && this.view) drawOverlay(s.ctx, overlay, this.view, s.image);
  }

  /** Multiply-adds per pixel of a frame showing `display` (three times the forward pass with the gradient). */
  displayMacsPerPixel(display: DisplayOptions): number {
    if (!this.packed) return 0;
    return this.packed.macsPerPixel * (display.mode === 'gradient' ? 3 : 1);
  }

  /** RGBA of `crop` of an imageWidth x imageHeight image showing `display`, or null before a network and a view. */
  private imageOf(
    display: DisplayOptions,
    imageWidth: number,
    imageHeight: number,
    crop: { x: number; y: number; width: number; height: number },
    out?: Uint8Array | null,
  ): Uint8Array | null {
    if (!this.net || !this.view) return null;
    const plan = colourPlan(this.net, display);
    const block = evaluatePixels(
      this.net,
      this.view.map,
      this.view,
      imageWidth,
      imageHeight,
      neighbourRect(crop, imageWidth, imageHeight, plan.lineWidth),
      plan,
    );
    const n = 4 * crop.width * crop.height;
    const rgba = out && out.length >= n ? out : new Uint8Array(n);
    colourPixels(block, plan, imageWidth, crop, rgba);
    return rgba;
  }

  /** One part of an image of the view, coloured as the canvas is (see {@link MapRenderer.renderImagePart}). */
  renderImagePart(part: ImagePartRequest): Uint8Array | null {
    const { imageWidth: W, imageHeight: H, x, y } = part;
    const width = Math.min(part.width, W - x);
    const height = Math.min(part.height, H - y);
    if (width <= 0 || height <= 0 || x < 0 || y < 0) return null;
    return this.imageOf(part.display, W, H, { x, y, width, height }, part.out);
  }

  /** The words of `read` for the whole width x height image of the view, on this thread (zeros before a network and a view). */
  private wordsNow(width: number, height: number, read: WordRead): Uint32Array {
    if (!this.net || !this.view) return new Uint32Array(wordsPerPixel(read.channel) * width * height);
    const rect = { x: 0, y: 0, width, height };
    return readPixelWords(this.net, this.view.map, this.view, width, height, rect, read);
  }

  /** The words of `read` over the workers (on this thread without them); see {@link MapRenderer.readWordsAsync}. */
  private wordsLater(width: number, height: number, read: WordRead): Promise<Uint32Array> {
    if (this.net && this.view && this.packed) {
      const { map, x0, x1, y0, y1 } = this.view;
      const view = { map, view: { x0, x1, y0, y1 } };
      const p = this.pool.read(this.net, this.netSeq, this.packed.macsPerPixel, view, width, height, read);
      if (p) return p;
    }
    return new Promise((resolve) => resolve(this.wordsNow(width, height, read)));
  }

  /**
   * One word per pixel of `channel`, row 0 at the top, as the WebGL2 renderer packs it (words.ts; see
   * {@link MapRenderer.readWords}), computed on this thread.
   */
  readWords(
    channel: WordChannel,
    width: number,
    height: number,
    hashLayers = 0,
    output = 0,
    lcRadius = 0,
    probe = -1,
  ): Uint32Array {
    return this.wordsNow(width, height, { channel, hashLayers, output, lcRadius, probe });
  }

  /** Four words per pixel: hash lo, hash hi, output bits, argmax (see {@link MapRenderer.readIdWords}). */
  readIdWords(width: number, height: number, hashLayers = 0, output = 0): Uint32Array {
    return this.wordsNow(width, height, { channel: 'ids', hashLayers, output, lcRadius: 0, probe: -1 });
  }

  /** {@link readWords} computed by the workers, in bands (see {@link MapRenderer.readWordsAsync}). */
  readWordsAsync(
    channel: WordChannel,
    width: number,
    height: number,
    hashLayers = 0,
    output = 0,
    lcRadius = 0,
    probe = -1,
  ): Promise<Uint32Array> {
    return this.wordsLater(width, height, { channel, hashLayers, output, lcRadius, probe });
  }

  /** {@link readIdWords} computed by the workers, in bands. */
  readIdWordsAsync(width: number, height: number, hashLayers = 0, output = 0): Promise<Uint32Array> {
    return this.wordsLater(width, height, { channel: 'ids', hashLayers, output, lcRadius: 0, probe: -1 });
  }

  /** A worker's failure since the last call, as a message, or null (the CPU renderer has no device to lose). */
  glError(): string | null {
    const e = this.pool.error;
    this.pool.error = null;
    return e;
  }

  /** Nothing to wait for: bands arrive by message. */
  finish(): void {}

  /** No fence: a frame is drawn when the call returns. */
  fence(): null {
    return null;
  }

  /** Stop the workers. */
  destroy(): void {
    this.pool.destroy();
  }
}
