/**
 * The state and passes every part of the WebGL2 renderer shares: the network and view uploaded, the pixels
 * per fragment in use, the offscreen targets, and the tiled evaluation of a channel into a target.
 */
import type { Framebuffer2D, Regl, Texture2D } from 'regl';
import type { Network } from '../engine/model.ts';
import { type PackedNetwork, packView, VIEW_TEXTURE_WIDTH, viewTextureRows } from '../engine/pack.ts';
import {
  attachmentsFor,
  choosePixels,
  isSwiftShader,
  MACS_PER_DRAW,
  mostPixels,
  PIXEL_FLOATS,
} from './device.ts';
import { type GpuLimits, makeUintTarget, uploadFloatTexture } from './gl2.ts';
import type { DisplayOptions, RenderView } from './mapRenderer.ts';
import { type NetworkProps, ProgramCache } from './programCache.ts';
import { type Channel, type CompositeMode, type DisplayValue, UNROLL, type UnrollPlan } from './programs.ts';
import { refreshRegl } from './reglPrivate.ts';
import { tileBoxes } from './tiles.ts';
import { WeightStore } from './weightStore.ts';

/** What the display pass computes for a {@link DisplayOptions}: see {@link PassCore.displayPlan}. */
export interface DisplayPlan {
  /** The value packed into the display word. */
  value: DisplayValue;
  /** Neurons hashed. */
  hashNeurons: number;
  /** The output shown (-1: argmax). */
  output: number;
  /** The composite's colour mode. */
  mode: CompositeMode;
  /** The local-complexity radius in plane units (0 outside that mode). */
  lcRadius: number;
}

/** One evaluation of a channel into a target: see {@link PassCore.tiledPass}. */
export interface PassOptions {
  /** The target (a one-word or words target of the right size). */
  fbo: Framebuffer2D;
  /** The pass's size in pixels (not fragments). */
  width: number;
  height: number;
  /** The channel written and the value packed into the display word. */
  channel: Channel;
  value: DisplayValue;
  /** Neurons hashed, the output read, the probed neuron (-1: none). */
  hashNeurons: number;
  output: number;
  probe: number;
  /** The local-complexity radius in plane units (default 0; read by the complexity value and channel). */
  lcRadius?: number;
  /** Multiply-adds per draw call (default: the core's macsPerDraw). */
  macsPerDraw?: number;
  /**
   * Where the target sits in a larger image (GL coordinates: its bottom-left pixel is (x, y) of an image
   * of imageWidth x imageHeight); default: the target is the whole image.
   */
  part?: { x: number; y: number; imageWidth: number; imageHeight: number };
}

/** The shared state of one WebGL2 renderer; its parts (frames, image parts, readback) draw through it. */
export class PassCore {
  /** The device limits read at creation. */
  readonly limits: GpuLimits;
  /** The weights on the GPU. */
  readonly weights: WeightStore;
  /** The compiled programs. */
  readonly programs: ProgramCache;
  /** The packed network and the network in use (null before the first upload). */
  packed: PackedNetwork | null = null;
  net: Network | null = null;
  /** The view in use (null before the first). */
  view: RenderView | null = null;
  /** Multiply-adds per draw call of frames and images (at most MACS_PER_DRAW). */
  macsPerDraw = MACS_PER_DRAW;
  /** Where the weights go (see Renderer.weightStorage). */
  weightStorage: 'auto' | 'texture' = 'texture';
  /** The unroll plan of the network programs. */
  unrollPlan: UnrollPlan = UNROLL;
  /** Pixels per fragment asked for (see Renderer.pixelsPerFragment). */
  pixelsPerFragment: 'auto' | 1 | 2 | 4 | 8 = 'auto';
  /** False once the device refused an RGBA32UI target (then one pixel per fragment and RGBA8 passes). */
  uintTargetOk = true;
  /** Offscreen targets: one-word RGBA8 reads, their RGBA32UI counterpart, the four-word readback. */
  readonly readFbo: Framebuffer2D;
  readonly readWordsFbo: Framebuffer2D;
  readonly wordsFbo: Framebuffer2D;
  /** The display targets of the canvas frames (RGBA8, RGBA32UI). */
  readonly displayFbo: Framebuffer2D;
  readonly displayWordsFbo: Framebuffer2D;
  /** Restores regl's view of the GL state after raw GL calls. */
  readonly refresh = (): void => refreshRegl(this.regl);
  private readonly neurons: Texture2D;
  private viewData: Float32Array = new Float32Array(0);
  private pixels = 1;
  private pixelsTangent = 1;
  private readonly uintSizes = new Map<Framebuffer2D, string>();
  private readonly plan: DisplayPlan = {
    value: 'none',
    hashNeurons: 0,
    output: 0,
    mode: 'regions',
    lcRadius: 0,
  };

  /** The core on `regl` / `gl` (the same context) with the device's `limits`. */
  constructor(
    readonly regl: Regl,
    readonly gl: WebGL2RenderingContext,
    limits: GpuLimits,
  ) {
    this.limits = limits;
    this.weights = new WeightStore(regl, gl);
    this.neurons = this.texture();
    const quad = regl.buffer([-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1]);
    this.programs = new ProgramCache(regl, { weights: this.weights.texture, neurons: this.neurons, quad });
    this.readFbo = this.framebuffer();
    this.readWordsFbo = this.framebuffer();
    this.wordsFbo = this.framebuffer();
    this.displayFbo = this.framebuffer();
    this.displayWordsFbo = this.framebuffer();
  }

  /** A new 1 x 1 RGBA8 texture with nearest sampling. */
  texture(): Texture2D {
    return this.regl.texture({ width: 1, height: 1, min: 'nearest', mag: 'nearest' });
  }

  /** A new framebuffer with one 1 x 1 RGBA8 colour texture and no depth. */
  framebuffer(): Framebuffer2D {
    return this.regl.framebuffer({ color: this.texture(), depthStencil: false });
  }

  /** True when a network and a view are set and the context is alive. */
  get ready(): boolean {
    return this.packed !== null && this.view !== null && !this.gl.isContextLost();
  }

  /** Use `net` (packed as `packed`): upload its weights, choose the pixels per fragment, upload the view. */
  install(net: Network, packed: PackedNetwork): void {
    this.packed = packed;
    this.net = net;
    this.weights.upload(packed, this.weightStorage, this.limits.maxUniformBlockSize);
    const fixed = this.pixelsPerFragment;
    // Probe once whether integer targets work (the display target is resized by the frames).
    const uint =
      this.uintTargetOk &&
      (this.uintSizes.has(this.displayWordsFbo) || this.uintTarget(this.displayWordsFbo, 1, 1));
    const swiftShader = isSwiftShader(this.limits.renderer);
    const floats = swiftShader ? PIXEL_FLOATS.swiftShader : PIXEL_FLOATS.gpu;
    const most = mostPixels(swiftShader, packed.maxWidth);
    const choose = (tangent: boolean) =>
      uint ? (fixed === 'auto' ? choosePixels(packed, tangent, floats, most) : fixed) : 1;
    this.pixels = choose(false);
    this.pixelsTangent = choose(true);
    if (this.view) this.uploadView();
  }

  /** Upload the view: the CPU folds the first layer and the centre pre-activations in float64 (pack.ts). */
  uploadView(): void {
    if (this.gl.isContextLost() || !this.net || !this.view || !this.packed) return;
    const v = this.view;
    const centre: [number, number] = [(v.x0 + v.x1) / 2, (v.y0 + v.y1) / 2];
    this.viewData = packView(this.net, v.map, centre, this.viewData);
    const rows = viewTextureRows(this.packed.neuronCount);
    uploadFloatTexture(this.regl, this.gl, this.neurons, VIEW_TEXTURE_WIDTH, rows, this.viewData);
  }

  /** Pixels per fragment of `channel`'s pass (showing `value`): the four-word readback evaluates one. */
  pixelsFor(channel: Channel, value: DisplayValue = 'none'): number {
    // Several pixels need an integer target: where the device refused one, one pixel per fragment.
    if (channel === 'words' || !this.uintTargetOk) return 1;
    return channel === 'gradient' ||
      channel === 'complexity' ||
      value === 'gradient' ||
      value === 'complexity'
      ? this.pixelsTangent
      : this.pixels;
  }

  /**
   * Make `fbo` an RGBA32UI target of width x height (kept when the size is unchanged); false, and no more
   * integer targets, where the device refuses one.
   */
  uintTarget(fbo: Framebuffer2D, width: number, height: number, attachments: 1 | 2 = 1): boolean {
    if (!this.uintTargetOk) return false;
    const size = `${width}x${height}x${attachments}`;
    if (this.uintSizes.get(fbo) === size) return true;
    this.uintTargetOk = makeUintTarget(this.regl, this.gl, fbo, width, height, attachments) === null;
    this.uintSizes.set(fbo, size);
    return this.uintTargetOk;
  }

  /**
   * The target of a pass over width x height pixels with `pixels` pixels per fragment: with more than one,
   * `words` made an RGBA32UI target that many times narrower; with one, `rgba8` resized.
   */
  passTarget(
    pixels: number,
    words: Framebuffer2D,
    rgba8: Framebuffer2D,
    width: number,
    height: number,
  ): Framebuffer2D {
    if (pixels > 1) {
      this.uintTarget(words, Math.ceil(width / pixels), height, attachmentsFor(pixels));
      return words;
    }
    rgba8.resize(width, height);
    return rgba8;
  }

  /** The offscreen target of a one-word pass over width x height pixels (packed per fragment when pixels > 1). */
  oneWordTarget(channel: Channel, width: number, height: number): Framebuffer2D {
    return this.passTarget(this.pixelsFor(channel), this.readWordsFbo, this.readFbo, width, height);
  }

  /** Neurons in the first `layers` layers (all layers when `layers` is out of range; 0 without a network). */
  hashedNeurons(layers: number): number {
    const L = this.packed?.layers ?? [];
    const k = layers >= 1 && layers <= L.length ? layers : L.length;
    const last = L[k - 1];
    return last ? last.neuronOffset + last.outDim : 0;
  }

  /** The network program of `channel` showing `value` for the current network, plan and weight location. */
  program(channel: Channel, value: DisplayValue) {
    return this.programs.network({
      packed: this.packed!,
      channel,
      value,
      blockTexels: this.weights.blockTexels,
      plan: this.unrollPlan,
      pixels: this.pixelsFor(channel, value),
    });
  }

  /**
   * The evaluation of a channel into a target as a list of draws, each a scissor box of at most
   * `macsPerDraw` multiply-adds, so that no draw call runs long enough to lose the context. Needs a
   * network and a view ({@link ready}).
   */
  tiledPass(o: PassOptions): (() => void)[] {
    const v = this.view!;
    const cmd = this.program(o.channel, o.value);
    // With P pixels per fragment the target is P times narrower; the view keeps the full width.
    const P = this.pixelsFor(o.channel, o.value);
    const targetWidth = Math.ceil(o.width / P);
    const perPixel = this.macsPerPixel(o.channel, o.value) * P;
    // A part of a larger image: pixel (i, j) of the target is pixel (x + i, y + j) of the image, evaluated
    // with the image's centre and pixel size, so that parts agree bit for bit with the whole.
    const image = o.part ?? { x: 0, y: 0, imageWidth: o.width, imageHeight: o.height };
    const base: Omit<NetworkProps, 'box'> = {
      fbo: o.fbo,
      viewport: { x: 0, y: 0, width: targetWidth, height: o.height },
      halfSize: [image.imageWidth / 2 - image.x, image.imageHeight / 2 - image.y],
      pixel: [(v.x1 - v.x0) / image.imageWidth, (v.y1 - v.y0) / image.imageHeight],
      hashNeurons: o.hashNeurons,
      output: o.output,
      probe: o.probe,
      lcRadius: o.lcRadius ?? 0,
    };
    const { boxes } = tileBoxes(targetWidth, o.height, perPixel, o.macsPerDraw ?? this.macsPerDraw);
    const tiled = boxes.length > 1;
    return boxes.map((box) => () => {
      cmd({ ...base, box });
      if (tiled) this.gl.flush();
    });
  }

  /**
   * What the display pass computes for `display`: the value packed, the neurons hashed, the output, the
   * composite mode. Written into one reused object (valid until the next call). Needs a network.
   */
  displayPlan(display: DisplayOptions): DisplayPlan {
    const layers = this.packed!.layers;
    const nOut = layers[layers.length - 1]!.outDim;
    const argmax = display.mode === 'output' && display.output < 0 && nOut > 1;
    const value: DisplayValue =
      display.mode === 'gradient'
        ? 'gradient'
        : display.mode === 'complexity'
          ? 'complexity'
          : display.mode === 'output' || (display.mode === 'margin' && nOut === 1)
            ? argmax
              ? 'argmax'
              : 'output'
            : display.mode === 'margin'
              ? 'margin'
              : 'none';
    const plan = this.plan;
    plan.value = value;
    plan.hashNeurons = this.hashedNeurons(display.mode === 'layer' ? display.layer : 0);
    plan.output = Math.min(Math.max(display.output, argmax ? -1 : 0), nOut - 1);
    plan.mode = value === 'none' ? 'regions' : value;
    plan.lcRadius = value === 'complexity' ? (display.lcRadius ?? 0) : 0;
    return plan;
  }

  /** Multiply-adds per pixel of a pass of `channel` (three times the forward pass with the gradient). */
  macsPerPixel(channel: Channel, value: DisplayValue): number {
    const tangents =
      channel === 'gradient' || channel === 'complexity' || value === 'gradient' || value === 'complexity'
        ? 3
        : 1;
    return Math.max(1, (this.packed?.macsPerPixel ?? 0) * tangents);
  }
}
