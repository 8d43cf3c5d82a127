/**
 * What the explorer, its API, the image export, the views and the benchmark page need from a renderer of
 * region maps, independent of how the pixels are computed: the WebGL2 renderer (renderer.ts) is one
 * implementation. Nothing here names a graphics library's types.
 */
import type { Network } from '../engine/model.ts';
import type { PackedNetwork } from '../engine/pack.ts';
import type { PlaneMap } from '../engine/plane.ts';
import type { ViewRect } from '../engine/range.ts';
import type { ColourMode, PaletteName } from './palette.ts';

/** A view of the (s, t) plane and the map from (s, t) to the network's inputs. */
export interface RenderView extends ViewRect {
  /** The plane map (engine/plane.ts planeMap). */
  map: PlaneMap;
}

/** What the colour pass shows. */
export interface DisplayOptions {
  /** Colour mode. */
  mode: ColourMode;
  /** Layers hashed in 'layer' mode (partition after layer k, 1-based count). */
  layer: number;
  /** Output shown in 'output' and 'gradient' modes; -1 with several outputs: argmax class. */
  output: number;
  /** Global index of the neuron whose zero set is drawn; -1: none. */
  probe: number;
  /** Draw region boundaries. */
  boundaries: boolean;
  /** End of the colour scale (gradient, output, complexity); see engine/range.ts. */
  range: number;
  /** Radius of the complexity mode in plane units (engine/complexity.ts); absent: 0. */
  lcRadius?: number;
  /** The palette of the colour maps (engine/colourMaps.ts); absent: 'default'. */
  palette?: PaletteName;
  /**
   * Width of the boundaries, level sets and the probe's zero set (and of the overlay's lines) in device
   * pixels of a full-resolution frame, before rounding (state/look.ts linePixels); absent: 1.
   */
  lineWidth?: number;
}

/** The device's limits a renderer reports (sizes in pixels, the block size in bytes). */
export interface RenderLimits {
  /** Largest texture side (MAX_TEXTURE_SIZE). */
  maxTextureSize: number;
  /** Largest renderbuffer side (MAX_RENDERBUFFER_SIZE). */
  maxRenderbufferSize: number;
  /** Largest viewport side (the smaller of MAX_VIEWPORT_DIMS). */
  maxViewport: number;
  /** Largest uniform block in bytes (MAX_UNIFORM_BLOCK_SIZE, at least 16384). */
  maxUniformBlockSize: number;
  /** The device's name (UNMASKED_RENDERER_WEBGL when available, else RENDERER). */
  renderer: string;
}

/** Closed polygons drawn over a frame (see OverlayPass in overlay.ts). */
export interface Overlay {
  /** Closed polygons drawn as outlines (the exact CPU regions). */
  polygons: readonly Float64Array[];
  /** A polygon drawn filled (the pinned region), or null. */
  pinned: Float64Array | null;
  /** Width of the lines in device pixels of the canvas (absent: 1). */
  lineWidth?: number;
}

/**
 * A frame being drawn piece by piece, so that a heavy network never blocks the page for long: each step
 * draws some tiles; the last one composites the whole frame (and the overlay) into the canvas, which keeps
 * its previous picture until then.
 */
export interface FrameJob {
  /** Multiply-adds of the whole frame. */
  readonly macs: number;
  /** Multiply-adds drawn so far. */
  readonly macsDone: number;
  /** Draw at least one more tile and at most about `macs` multiply-adds; returns true when the frame is complete. */
  step(macs: number): boolean;
}

/**
 * One part of an image of the current view, for {@link MapRenderer.renderImagePart}: the part `x, y,
 * width, height` (image pixels, origin at the top left) of an image of imageWidth x imageHeight.
 */
export interface ImagePartRequest {
  /** What the image shows. */
  display: DisplayOptions;
  /** The whole image's size in pixels. */
  imageWidth: number;
  imageHeight: number;
  /** The part's top-left pixel and size in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** An array to write the RGBA bytes into (used when large enough and 4-byte aligned), or null. */
  out?: Uint8Array | null;
}

/**
 * The one-word channels of {@link MapRenderer.readWords}: the display word or one exact 32-bit word (margin:
 * the largest output minus the second largest, as float32 bits; complexity: the local-complexity count).
 */
export type WordChannel =
  | 'display'
  | 'hashLo'
  | 'hashHi'
  | 'output'
  | 'gradient'
  | 'argmax'
  | 'margin'
  | 'complexity';

/** A point in a device's command stream (see {@link MapRenderer.fence}). */
export interface DeviceFence {
  /** True once the device has finished the commands before the fence (never blocks). */
  signalled(): boolean;
  /** Forget the fence (a frame abandoned before it was signalled). */
  release(): void;
}

/** A renderer of region maps into a canvas; every method is safe before a network and a view are set. */
export interface MapRenderer {
  /** The canvas drawn into. */
  readonly canvas: HTMLCanvasElement;
  /** The device limits read at creation. */
  readonly limits: RenderLimits;
  /** The packed network in use, or null before {@link setNetwork}. */
  readonly packedNetwork: PackedNetwork | null;
  /** Number of network programs compiled so far (0 for a renderer without programs). */
  readonly compiledPrograms: number;
  /** How ids are read back: one pass into an integer target, one byte pass per word, or the CPU engine. */
  readonly idReadback: 'integer target' | 'rgba8 passes' | 'float64 engine';
  /** Where the current network's weights live (main memory: the CPU renderer). */
  readonly weightLocation: 'uniform block' | 'texture' | 'main memory';
  /** Multiply-adds per draw call of frames and images (set from the device's measured speed). */
  macsPerDraw: number;
  /** Use `net`; returns an error message (and keeps the previous network) when the device cannot hold it. */
  setNetwork(net: Network): string | null;
  /** Set the view of the plane drawn by the next frames. */
  setView(view: RenderView): void;
  /**
   * Start drawing a frame into the canvas at 1/`reduction` of its resolution (1: full); null before a
   * network and a view are set or with a lost device.
   */
  startFrame(display: DisplayOptions, reduction?: number, overlay?: Overlay | null): FrameJob | null;
  /** Draw a whole frame now (see {@link startFrame}). */
  draw(display: DisplayOptions, reduction?: number, overlay?: Overlay | null): void;
  /** Multiply-adds per pixel of a frame showing `display` (0 before a network is set). */
  displayMacsPerPixel(display: DisplayOptions): number;
  /**
   * Draw one part of an image of the current view, coloured exactly as the canvas is at full resolution,
   * and return its RGBA bytes, top row first; parts put side by side equal the whole image. Null before a
   * network and a view, with a lost device, or when the part is empty or outside the image.
   */
  renderImagePart(part: ImagePartRequest): Uint8Array | null;
  /**
   * Evaluate `channel` at width x height and read one 32-bit word per pixel, row-major, row 0 at the top;
   * `hashLayers` limits the hash to the first k layers (0: all), `output` picks the output; the complexity
   * channel (a float32 count) uses the radius `lcRadius` in plane units; the display channel carries the
   * state of neuron `probe` (global index, -1: none) in bits 14-15. Zeros before a network and a view.
   */
  readWords(
    channel: WordChannel,
    width: number,
    height: number,
    hashLayers?: number,
    output?: number,
    lcRadius?: number,
    probe?: number,
  ): Uint32Array;
  /**
   * Evaluate once at width x height and read four words per pixel: hash lo, hash hi, the bits of output
   * `output` as float32, the argmax class (row-major, row 0 at the top). Zeros before a network and a view.
   */
  readIdWords(width: number, height: number, hashLayers?: number, output?: number): Uint32Array;
  /**
   * {@link readWords} as a promise, of the network and view set when it is called: the CPU renderer computes
   * it in its workers, so that a large read never blocks the page; rejects with a worker's failure.
   */
  readWordsAsync(
    channel: WordChannel,
    width: number,
    height: number,
    hashLayers?: number,
    output?: number,
    lcRadius?: number,
    probe?: number,
  ): Promise<Uint32Array>;
  /** {@link readIdWords} as a promise (see {@link readWordsAsync}). */
  readIdWordsAsync(width: number, height: number, hashLayers?: number, output?: number): Promise<Uint32Array>;
  /** The pending device error as a name, or null; also reports a lost device. */
  glError(): string | null;
  /** Block until the device has finished the commands issued so far. */
  finish(): void;
  /**
   * Mark the commands issued so far without waiting: the returned fence tells, when asked on a later task
   * (an animation frame), whether the device has finished them. Null where there is nothing to wait for
   * (the CPU renderer draws before it returns) or the device is lost.
   */
  fence(): DeviceFence | null;
  /** Release every device resource. */
  destroy(): void;
}
