/**
 * The regl renderer: uploads a packed network, evaluates it per pixel (tiled so that no draw call is long
 * enough to lose the context on a software rasteriser), colours the result and reads words back.
 * It touches the DOM only through its canvas and knows nothing of the UI.
 */
import createREGL, { type DrawCommand, type Framebuffer2D, type Regl, type Texture2D } from 'regl';
import type { Network } from '../engine/model.ts';
import {
  type PackedNetwork,
  packNetwork,
  packView,
  VIEW_TEXTURE_WIDTH,
  viewTextureRows,
} from '../engine/pack.ts';
import type { PlaneMap } from '../engine/plane.ts';
import { type FrameJob, FramePass, type FrameSetup } from './frame.ts';
import {
  compositeWords,
  createContext,
  fboTexture,
  type GpuLimits,
  glErrorName,
  hideBlockUniforms,
  integerSamplerUnits,
  makeUintTarget,
  readLimits,
  readUintPixels,
  uploadFloatTexture,
  uploadUniformBlock,
} from './gl2.ts';
import { type Overlay, OverlayPass } from './overlay.ts';
import type { ColourMode } from './palette.ts';
import {
  type Channel,
  type CompositeMode,
  compositeFragmentSource,
  type DisplayValue,
  FULLSCREEN_VERT,
  networkCommand,
  networkFragmentSource,
  UNROLL,
  type UnrollPlan,
} from './programs.ts';
import type { ViewRect } from './range.ts';
import { flipRows, interleave, readUintWordsOf, readWordsOf } from './readback.ts';
import { tileBoxes } from './tiles.ts';

/**
 * Where a target sits in a larger image: its bottom-left pixel is (x, y) of an image of imageWidth x
 * imageHeight (GL coordinates, origin at the bottom left).
 */
interface ImagePart {
  x: number;
  y: number;
  imageWidth: number;
  imageHeight: number;
}

export type { FrameJob } from './frame.ts';

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
  /** End of the colour scale (gradient, output); see range.ts. */
  range: number;
}

/**
 * Widest layer the renderer accepts. A pixel keeps one layer's activations in registers or local memory;
 * compile time grows with the width (on SwiftShader, 2-4096x3-1 compiles and draws a pixel in 1.25 s; the
 * previous shader took 11 s at 8192), so wider layers are refused
 * with a message rather than risking the context.
 */
export const MAX_RENDER_WIDTH = 4096;

/** Activation floats per buffer (pixels x widest layer, x 3 with tangents) allowed by choosePixels. */
export const PIXEL_FLOATS = {
  /**
   * SwiftShader (a CPU): activations live in memory either way, and sharing each weight read among more
   * pixels pays (measured: 4 pixels 2x the rate of 1 at W = 16 and 64); compile time grows with the arrays
   * (display pass, compile and a first draw: 0.7 s at 4 x 512, 1.4 s at 4 x 1024; with tangents 12.6 s at
   * 4 x 1024).
   */
  swiftShader: 2048,
  /**
   * A GPU: activations (this layer's and the next, so twice these floats) must stay in registers; an
   * earlier H200 measurement fell from 45% of the peak at W = 16 to 7% at W = 64 once they spilled. Not yet
   * measured with this shader: scripts/gpu-bench.sh compares 1, 2 and 4 pixels on the GPU.
   */
  gpu: 64,
} as const;

/**
 * Pixels per fragment for `packed` (Renderer.pixelsPerFragment 'auto'), with or without the gradient
 * tangents: the most (at most `most`: 4, 2, 1, or 8 first) whose activations, pixels x widest layer (x 3
 * with tangents), stay within `floats` per buffer (PIXEL_FLOATS for the device). See {@link mostPixels}
 * for when the Renderer allows 8.
 */
export function choosePixels(
  packed: PackedNetwork,
  tangent: boolean,
  floats: number = PIXEL_FLOATS.swiftShader,
  most: 4 | 8 = 4,
): 1 | 2 | 4 | 8 {
  const perPixel = packed.maxWidth * (tangent ? 3 : 1);
  for (const p of [8, 4, 2] as const) if (p <= most && p * perPixel <= floats) return p;
  return 1;
}

/**
 * The most pixels per fragment the Renderer allows for a network whose widest layer is `maxWidth`: 8 (two
 * integer attachments) only on SwiftShader for layers wider than 128, where it measured 1.44-1.47x the rate
 * of 4 at W = 256 (about 0.29 of the FMA peak instead of 0.20; 8 x 256 floats is the most PIXEL_FLOATS
 * allows); at W = 16..128 it measured 0.87-1.11x of 4 and costs compile time, so 4 there. A GPU keeps 4 (its
 * register budget allows 8 only below 8 neurons anyway).
 */
export function mostPixels(swiftShader: boolean, maxWidth: number): 4 | 8 {
  return swiftShader && maxWidth > 128 ? 8 : 4;
}

/** Colour attachments of the RGBA32UI target of a pass with `pixels` pixels per fragment (4 words each). */
const attachmentsFor = (pixels: number): 1 | 2 => (pixels > 4 ? 2 : 1);

/** Multiply-adds per draw call: small enough for SwiftShader (about 0.1 s), large enough for a GPU. */
export const MACS_PER_DRAW = 2 ** 27;

type Props = Record<string, unknown>;

/** Renders networks into a canvas; create with {@link Renderer.create}. */
export class Renderer {
  /** The device limits read at creation. */
  readonly limits: GpuLimits;
  private readonly programs = new Map<string, DrawCommand>();
  private readonly composites = new Map<string, DrawCommand>();
  private packed: PackedNetwork | null = null;
  private net: Network | null = null;
  private view: RenderView | null = null;
  private viewData: Float32Array = new Float32Array(0);
  private readonly weights: Texture2D;
  private weightBlock: WebGLBuffer | null = null;
  /** Length in vec4s of the uniform block holding the weights, or 0 when they are in the texture. */
  private blockTexels = 0;
  /** Size of the weight texture's RGBA32F storage ([0, 0]: none yet). */
  private weightsSize: [number, number] = [0, 0];
  /** Architectures (and weight locations) whose programs compiled and ran on one pixel. */
  private readonly checked = new Set<string>();
  /**
   * Multiply-adds per draw call of frames and images (the App sets it from the device's measured speed, see
   * app.ts macsPerDrawFor); at most MACS_PER_DRAW.
   */
  macsPerDraw = MACS_PER_DRAW;
  /**
   * Where the weights go: 'texture' (the default: on SwiftShader the shader's loops read a texture 1.7 to 1.9
   * times faster than a uniform block indexed by the loop counter), or 'auto': the uniform block when they fit.
   */
  weightStorage: 'auto' | 'texture' = 'texture';
  /** How the network programs unroll their loops (programs.ts); a benchmark knob, set before setNetwork. */
  unrollPlan: UnrollPlan = UNROLL;
  /**
   * Pixels evaluated per fragment by the display and one-word passes (each weight texel read once for all
   * of them; see {@link choosePixels}): 'auto' or 1, 2, 4, 8 (8: two RGBA32UI attachments; never chosen by
   * 'auto'). The four-word readback always uses 1.
   */
  pixelsPerFragment: 'auto' | 1 | 2 | 4 | 8 = 'auto';
  /** The pixels per fragment in use for the current network, without and with the gradient tangents. */
  private pixels = 1;
  private pixelsTangent = 1;
  /** RGBA32UI targets of the passes with several pixels per fragment (display, readback). */
  private readonly displayWordsFbo: Framebuffer2D;
  private readonly readWordsFbo: Framebuffer2D;
  private readonly uintSizes = new Map<Framebuffer2D, string>();
  private readonly neurons: Texture2D;
  private readonly displayFbo: Framebuffer2D;
  private readonly readFbo: Framebuffer2D;
  /** The RGBA32UI target of {@link readIdWords} (regl believes it is 1 x 1 RGBA8; never resized by regl). */
  private readonly wordsFbo: Framebuffer2D;
  private uintTargetOk = true;
  private readonly quad;
  private readonly overlay: OverlayPass;

  /** The targets of {@link renderImagePart} (made on first use): display words and colours. */
  private exportFbos: { data: Framebuffer2D; words: Framebuffer2D; colour: Framebuffer2D } | null = null;
  private exportRaw: Uint8Array = new Uint8Array(0);
  private onExportColour: DrawCommand | null = null;
  /** The frame drawn into the canvas, reused from frame to frame (frame.ts). */
  private readonly framePass: FramePass;
  /** Scopes that bind the canvas / the read targets (for one-pixel reads). */
  private readonly onCanvas: DrawCommand;
  private readonly onReadFbo: DrawCommand;
  private readonly onReadWordsFbo: DrawCommand;
  private readonly frameSetup = {} as FrameSetup;
  private readonly plan = {
    value: 'none' as DisplayValue,
    hashNeurons: 0,
    output: 0,
    mode: 'regions' as CompositeMode,
  };
  private readonly lastDisplay = {
    cmd: null as DrawCommand | null,
    packed: null as PackedNetwork | null,
    value: 'none' as DisplayValue,
    blockTexels: 0,
    pixels: 0,
    plan: null as UnrollPlan | null,
  };

  private constructor(
    /** The canvas drawn into. */
    readonly canvas: HTMLCanvasElement,
    /** The WebGL2 context. */
    readonly gl: WebGL2RenderingContext,
    /** The regl instance on that context. */
    readonly regl: Regl,
  ) {
    this.limits = readLimits(gl);
    const tex = () => regl.texture({ width: 1, height: 1, min: 'nearest', mag: 'nearest' });
    this.weights = tex();
    this.neurons = tex();
    const fbo = () => regl.framebuffer({ color: tex(), depthStencil: false });
    this.displayFbo = fbo();
    this.readFbo = fbo();
    this.wordsFbo = fbo();
    this.displayWordsFbo = fbo();
    this.readWordsFbo = fbo();
    this.quad = regl.buffer([-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1]);
    this.overlay = new OverlayPass(regl);
    this.framePass = new FramePass(gl, this.overlay);
    this.onCanvas = regl({ framebuffer: null });
    this.onReadFbo = regl({ framebuffer: this.readFbo });
    this.onReadWordsFbo = regl({ framebuffer: this.readWordsFbo });
  }

  /** Create a renderer on `canvas`; returns an error message when WebGL2 is unavailable. */
  static create(canvas: HTMLCanvasElement): Renderer | string {
    const gl = createContext(canvas);
    if (!gl) return 'WebGL2 is not available in this browser';
    hideBlockUniforms(gl);
    integerSamplerUnits(gl);
    const regl = createREGL({ gl: gl as unknown as WebGLRenderingContext });
    return new Renderer(canvas, gl, regl);
  }

  /** Number of network programs compiled so far (one per architecture, channel and display value). */
  get compiledPrograms(): number {
    return this.programs.size;
  }

  /** How ids are read back: one pass into an RGBA32UI target, or (where refused) one RGBA8 pass per word. */
  get idReadback(): 'integer target' | 'rgba8 passes' {
    return this.uintTargetOk ? 'integer target' : 'rgba8 passes';
  }

  /** Where the current network's weights live on the GPU. */
  get weightLocation(): 'uniform block' | 'texture' {
    return this.blockTexels > 0 ? 'uniform block' : 'texture';
  }

  /** The packed network in use, or null before {@link setNetwork}. */
  get packedNetwork(): PackedNetwork | null {
    return this.packed;
  }

  /** Upload `net`. Returns an error message (and keeps the previous network) when the device cannot hold it. */
  setNetwork(net: Network): string | null {
    if (this.gl.isContextLost()) return 'the WebGL context is lost';
    // The previous network's weight array is written over when the architecture is the same (training,
    // reseeding); on a failure below the previous network is packed again.
    const packed = packNetwork(net, this.packed);
    const rows = viewTextureRows(packed.neuronCount);
    if (packed.textureHeight > this.limits.maxTextureSize || rows > this.limits.maxTextureSize) {
      return `the network has ${packed.weights.length / 4} weight texels, more than this device's texture limit`;
    }
    if (packed.maxWidth > MAX_RENDER_WIDTH) {
      return `a layer of ${packed.maxWidth} neurons is wider than the renderer supports (${MAX_RENDER_WIDTH})`;
    }
    const previous = this.net;
    this.install(net, packed);
    if (!this.view) return null;
    // Compile and run the display program on one pixel now, so that a driver failure is a message here;
    // once per architecture and weight location (the same programs then run whatever the weights).
    const checkKey = `${packed.architectureKey}|${this.blockTexels}`;
    if (this.checked.has(checkKey)) return null;
    try {
      const fbo = this.oneWordTarget('display', 1, 1);
      for (const d of this.tiledPass(fbo, 1, 1, 'display', 'none', 0, 0, -1)) d();
      this.readIdWords(1, 1);
      const err = this.glError();
      if (err) throw new Error(err);
      this.checked.add(checkKey);
      return null;
    } catch (e) {
      if (previous) this.install(previous, packNetwork(previous));
      return `this device could not compile or run the network: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private install(net: Network, packed: PackedNetwork): void {
    this.packed = packed;
    this.net = net;
    const blockLimit = Math.floor(this.limits.maxUniformBlockSize / 16);
    const texels = Math.max(1, packed.weightTexels);
    this.blockTexels = this.weightStorage === 'auto' && texels <= blockLimit ? texels : 0;
    if (this.blockTexels > 0) {
      const data = packed.weights.subarray(0, 4 * texels);
      this.weightBlock = uploadUniformBlock(this.regl, this.gl, this.weightBlock, data);
    } else {
      const { textureWidth: w, textureHeight: h, weights } = packed;
      const same = this.weightsSize[0] === w && this.weightsSize[1] === h;
      uploadFloatTexture(this.regl, this.gl, this.weights, w, h, weights, same);
      this.weightsSize = [w, h];
    }
    const fixed = this.pixelsPerFragment;
    // Probe once whether integer targets work (the display target is resized by the frames).
    const uint =
      this.uintTargetOk &&
      (this.uintSizes.has(this.displayWordsFbo) || this.uintTarget(this.displayWordsFbo, 1, 1));
    const swiftShader = /swiftshader/i.test(this.limits.renderer);
    const floats = swiftShader ? PIXEL_FLOATS.swiftShader : PIXEL_FLOATS.gpu;
    const most = mostPixels(swiftShader, packed.maxWidth);
    this.pixels = uint ? (fixed === 'auto' ? choosePixels(packed, false, floats, most) : fixed) : 1;
    this.pixelsTangent = uint ? (fixed === 'auto' ? choosePixels(packed, true, floats, most) : fixed) : 1;
    if (this.view) this.uploadView();
  }

  /** Pixels per fragment of `channel`'s pass (showing `value`): the four-word readback evaluates one. */
  private pixelsFor(channel: Channel, value: DisplayValue = 'none'): number {
    // Several pixels need an integer target: where the device refused one, one pixel per fragment.
    if (channel === 'words' || !this.uintTargetOk) return 1;
    return channel === 'gradient' || value === 'gradient' ? this.pixelsTangent : this.pixels;
  }

  /**
   * Make `fbo` an RGBA32UI target of width x height (kept when the size is unchanged); false, and no more
   * integer targets, where the device refuses one.
   */
  private uintTarget(fbo: Framebuffer2D, width: number, height: number, attachments: 1 | 2 = 1): boolean {
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
  private passTarget(
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
  private oneWordTarget(channel: Channel, width: number, height: number): Framebuffer2D {
    return this.passTarget(this.pixelsFor(channel), this.readWordsFbo, this.readFbo, width, height);
  }

  /** Set the view: the CPU folds the first layer and the centre pre-activations in float64 (pack.ts). */
  setView(view: RenderView): void {
    this.view = { ...view };
    if (this.net) this.uploadView();
  }

  private uploadView(): void {
    if (this.gl.isContextLost()) return;
    const net = this.net!;
    const v = this.view!;
    const centre: [number, number] = [(v.x0 + v.x1) / 2, (v.y0 + v.y1) / 2];
    this.viewData = packView(net, v.map, centre, this.viewData);
    const rows = viewTextureRows(this.packed!.neuronCount);
    uploadFloatTexture(this.regl, this.gl, this.neurons, VIEW_TEXTURE_WIDTH, rows, this.viewData);
  }

  private program(channel: Channel, value: DisplayValue): DrawCommand {
    const packed = this.packed!;
    const plan = this.unrollPlan;
    const pixels = this.pixelsFor(channel, value);
    const key = `${packed.architectureKey}|${channel}|${value}|${this.blockTexels}|${plan.maxInputTexels}|${plan.chunked}|${plan.maxLayerTexels}|${pixels}`;
    let cmd = this.programs.get(key);
    if (!cmd) {
      const inputs = { weights: this.weights, neurons: this.neurons, quad: this.quad };
      cmd = networkCommand(
        this.regl,
        networkFragmentSource(packed, channel, value, this.blockTexels, plan, pixels),
        inputs,
      );
      this.programs.set(key, cmd);
    }
    return cmd;
  }

  /** Neurons in the first `layers` layers (all layers when `layers` is out of range). */
  hashedNeurons(layers: number): number {
    const L = this.packed!.layers;
    const k = layers >= 1 && layers <= L.length ? layers : L.length;
    return L[k - 1]!.neuronOffset + L[k - 1]!.outDim;
  }

  /**
   * The evaluation of `channel` into `fbo` (width x height) as a list of draws, each a scissor box of at
   * most `macsPerDraw` multiply-adds, so that no draw call runs long enough to lose the context.
   */
  private tiledPass(
    fbo: Framebuffer2D,
    width: number,
    height: number,
    channel: Channel,
    value: DisplayValue,
    hashNeurons: number,
    output: number,
    probe: number,
    macsPerDraw = this.macsPerDraw,
    part: ImagePart | null = null,
  ): (() => void)[] {
    const v = this.view!;
    const cmd = this.program(channel, value);
    // With P pixels per fragment the target is P times narrower; the view keeps the full width.
    const P = this.pixelsFor(channel, value);
    const targetWidth = Math.ceil(width / P);
    const perPixel = this.macsPerPixel(channel, value) * P;
    // A part of a larger image: pixel (i, j) of the target is pixel (x + i, y + j) of the image, evaluated
    // with the image's centre and pixel size, so that parts agree bit for bit with the whole.
    const image = part ?? { x: 0, y: 0, imageWidth: width, imageHeight: height };
    const base = {
      fbo,
      viewport: { x: 0, y: 0, width: targetWidth, height },
      halfSize: [image.imageWidth / 2 - image.x, image.imageHeight / 2 - image.y],
      pixel: [(v.x1 - v.x0) / image.imageWidth, (v.y1 - v.y0) / image.imageHeight],
      hashNeurons,
      output,
      probe,
    };
    const { boxes } = tileBoxes(targetWidth, height, perPixel, macsPerDraw);
    const tiled = boxes.length > 1;
    return boxes.map((box) => () => {
      cmd({ ...base, box });
      if (tiled) this.gl.flush();
    });
  }

  /**
   * Start drawing a frame into the canvas at 1/`reduction` of its resolution (1: full): the returned job
   * draws it piece by piece (see {@link FrameJob}). Null before a network and a view are set.
   */
  startFrame(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): FrameJob | null {
    if (!this.packed || !this.view || this.gl.isContextLost()) return null;
    const W = this.canvas.width;
    const H = this.canvas.height;
    const w = Math.max(1, Math.ceil(W / reduction));
    const h = Math.max(1, Math.ceil(H / reduction));
    const plan = this.displayPlan(display);
    // With P pixels per fragment the display words go to an RGBA32UI target P times narrower.
    const P = this.pixelsFor('display', plan.value);
    const target = this.passTarget(P, this.displayWordsFbo, this.displayFbo, w, h);
    const f = this.frameSetup;
    f.network = this.displayProgram(plan.value);
    f.composite = this.compositeCommand(plan.mode, P);
    f.fbo = target;
    f.dataTexture = P > 1 ? fboTexture(target) : null;
    f.dataTexture1 = P > 4 ? fboTexture(target, 1) : null;
    f.refresh = this.refreshRegl;
    f.pixelsPerFragment = P;
    f.width = w;
    f.height = h;
    f.canvasWidth = W;
    f.canvasHeight = H;
    f.macsPerPixel = this.macsPerPixel('display', plan.value);
    f.macsPerDraw = this.macsPerDraw;
    f.view = this.view;
    f.hashNeurons = plan.hashNeurons;
    f.output = plan.output;
    f.probe = display.probe;
    f.range = display.range > 0 ? display.range : 1;
    f.boundaries = display.boundaries;
    f.showProbe = display.probe >= 0;
    f.overlay = overlay;
    return this.framePass.configure(f);
  }

  private readonly refreshRegl = () => this.regl._refresh();

  /** The display program for `value` (the last one is remembered without building a key). */
  private displayProgram(value: DisplayValue): DrawCommand {
    const d = this.lastDisplay;
    const pixels = this.pixelsFor('display', value);
    if (
      d.cmd &&
      d.packed === this.packed &&
      d.value === value &&
      d.blockTexels === this.blockTexels &&
      d.pixels === pixels &&
      d.plan === this.unrollPlan
    ) {
      return d.cmd;
    }
    d.cmd = this.program('display', value);
    d.packed = this.packed;
    d.value = value;
    d.blockTexels = this.blockTexels;
    d.pixels = pixels;
    d.plan = this.unrollPlan;
    return d.cmd;
  }

  /**
   * What the display pass computes for `display`: the value packed, the neurons hashed, the output, the
   * composite mode. Written into one reused object (valid until the next call).
   */
  private displayPlan(display: DisplayOptions): {
    value: DisplayValue;
    hashNeurons: number;
    output: number;
    mode: CompositeMode;
  } {
    const nOut = this.packed!.layers[this.packed!.layers.length - 1]!.outDim;
    const argmax = display.mode === 'output' && display.output < 0 && nOut > 1;
    const value: DisplayValue =
      display.mode === 'gradient'
        ? 'gradient'
        : display.mode === 'output'
          ? argmax
            ? 'argmax'
            : 'output'
          : 'none';
    const hashNeurons = this.hashedNeurons(display.mode === 'layer' ? display.layer : 0);
    const plan = this.plan;
    plan.value = value;
    plan.hashNeurons = hashNeurons;
    plan.output = Math.min(Math.max(display.output, argmax ? -1 : 0), nOut - 1);
    plan.mode = value === 'none' ? 'regions' : value;
    return plan;
  }

  /** Multiply-adds per pixel of a pass of `channel` (three times the forward pass with the gradient). */
  private macsPerPixel(channel: Channel, value: DisplayValue): number {
    const tangents = channel === 'gradient' || value === 'gradient' ? 3 : 1;
    return Math.max(1, this.packed!.macsPerPixel * tangents);
  }

  /** Multiply-adds per pixel of the display pass for `display` (0 before a network is set). */
  displayMacsPerPixel(display: DisplayOptions): number {
    if (!this.packed) return 0;
    return this.macsPerPixel('display', this.displayPlan(display).value);
  }

  /**
   * Draw the part `x, y, width, height` (image pixels, origin at the top left) of an image of the current
   * view at imageWidth x imageHeight, coloured exactly as the canvas is at full resolution (colour mode,
   * boundaries, probe; not the polygon overlay), and read it back as RGBA bytes, top row first, into `out`
   * (reused when large enough and 4-byte aligned; returned). Boundaries at the part's right and top edges
   * are decided against a one-pixel margin of the neighbouring part, so parts put side by side equal the
   * whole image. The part plus its margin must fit in the device's texture size. Returns null before a network and a view, with
   * a lost context, or when the part is empty or outside the image.
   */
  renderImagePart(
    display: DisplayOptions,
    imageWidth: number,
    imageHeight: number,
    x: number,
    y: number,
    width: number,
    height: number,
    out: Uint8Array | null = null,
  ): Uint8Array | null {
    if (!this.packed || !this.view || this.gl.isContextLost()) return null;
    if (width < 1 || height < 1 || x < 0 || y < 0 || x + width > imageWidth || y + height > imageHeight) {
      return null;
    }
    // GL's origin is the bottom left: the part's bottom row in GL coordinates, then a margin of one column on
    // the right and one row above, where the image goes on.
    const gy = imageHeight - y - height;
    const dw = width + (x + width < imageWidth ? 1 : 0);
    const dh = height + (y > 0 ? 1 : 0);
    if (!this.exportFbos) {
      const tex = () => this.regl.texture({ width: 1, height: 1, min: 'nearest', mag: 'nearest' });
      this.exportFbos = {
        data: this.regl.framebuffer({ color: tex(), depthStencil: false }),
        words: this.regl.framebuffer({ color: tex(), depthStencil: false }),
        colour: this.regl.framebuffer({ color: tex(), depthStencil: false }),
      };
    }
    const { data, words, colour } = this.exportFbos;
    colour.resize(dw, dh);
    const { value, hashNeurons, output, mode } = this.displayPlan(display);
    // As startFrame: with P pixels per fragment the words go to an RGBA32UI target P times narrower.
    const P = this.pixelsFor('display', value);
    const target = this.passTarget(P, words, data, dw, dh);
    const part = { x, y: gy, imageWidth, imageHeight };
    const draws = this.tiledPass(
      target,
      dw,
      dh,
      'display',
      value,
      hashNeurons,
      output,
      display.probe,
      this.macsPerDraw,
      part,
    );
    for (const d of draws) d();
    // With P > 1 the composite's usamplers read the integer textures (regl cannot bind them).
    compositeWords(
      this.gl,
      this.compositeCommand(mode, P),
      {
        framebuffer: colour,
        data,
        dataSize: [dw, dh],
        targetSize: [dw, dh],
        range: display.range > 0 ? display.range : 1,
        boundaries: display.boundaries,
        probe: display.probe >= 0,
        viewport: { x: 0, y: 0, width: dw, height: dh },
      },
      P > 1 ? fboTexture(words) : null,
      P > 4 ? fboTexture(words, 1) : null,
      this.refreshRegl,
    );
    const n = width * height * 4;
    const bytes = out && out.length >= n && out.byteOffset % 4 === 0 ? out : new Uint8Array(n);
    const raw = this.exportRaw.length >= n ? this.exportRaw : new Uint8Array(n);
    this.exportRaw = raw;
    this.onExportColour ??= this.regl({ framebuffer: colour });
    this.onExportColour(() => {
      this.regl.read({ x: 0, y: 0, width, height, data: raw.subarray(0, n) });
    });
    // One RGBA pixel is one 32-bit word: flip the rows as words.
    const asWords = (a: Uint8Array) => new Uint32Array(a.buffer, a.byteOffset, width * height);
    flipRows(asWords(raw), height, width, asWords(bytes));
    return bytes;
  }

  /** Draw a whole frame now (see {@link startFrame}). */
  draw(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): void {
    this.startFrame(display, reduction, overlay)?.step(Number.POSITIVE_INFINITY);
  }

  private compositeCommand(mode: CompositeMode, pixels: number): DrawCommand {
    const key = `${mode}|${pixels}`;
    let cmd = this.composites.get(key);
    if (!cmd) {
      const p = <K extends string>(k: K) => this.regl.prop<Props, K>(k);
      cmd = this.regl({
        vert: FULLSCREEN_VERT,
        frag: compositeFragmentSource(mode, pixels),
        attributes: { position: { buffer: this.quad, size: 2 } },
        uniforms: {
          uData: p('data'),
          uDataSize: p('dataSize'),
          uTargetSize: p('targetSize'),
          uRange: p('range'),
          uBoundaries: p('boundaries'),
          uProbe: p('probe'),
        },
        framebuffer: p('framebuffer'),
        viewport: p('viewport'),
        depth: { enable: false },
        count: 6,
      });
      this.composites.set(key, cmd);
    }
    return cmd;
  }

  /**
   * Render `channel` at width x height for the current view and read it back: one 32-bit word per pixel,
   * row-major, row 0 at the top. `hashLayers` limits the hash to the first k layers (0: all); `output` picks
   * the output of the output/gradient channels. Returns a new array (zeros before a network and a view).
   */
  readWords(channel: Channel, width: number, height: number, hashLayers = 0, output = 0): Uint32Array {
    if (!this.packed || !this.view || this.gl.isContextLost()) return new Uint32Array(width * height);
    const fbo = this.oneWordTarget(channel, width, height);
    const draws = this.tiledPass(
      fbo,
      width,
      height,
      channel,
      'none',
      this.hashedNeurons(hashLayers),
      output,
      -1,
    );
    const P = this.pixelsFor(channel);
    if (P === 1) return readWordsOf(this.regl, fbo, draws, width, height);
    // P words per texel, the first P components (8: four per attachment, read as eight per texel): unpack
    // into one word per pixel.
    const tw = Math.ceil(width / P);
    const attachments = attachmentsFor(P);
    const raw = readUintWordsOf(this.regl, this.gl, fbo, draws, tw, height, attachments);
    const stride = 4 * attachments;
    const out = new Uint32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++)
        out[y * width + x] = raw[stride * (y * tw + Math.floor(x / P)) + (x % P)]!;
    }
    return out;
  }

  /**
   * Evaluate once at width x height and read four words per pixel: hash lo, hash hi (of the first
   * `hashLayers` layers; 0: all), the bits of output `output` as float32, and the argmax class. Row-major,
   * row 0 at the top, words 4p..4p+3. Uses an RGBA32UI target; where the device refuses one, falls back to
   * one RGBA8 pass per word. Returns a new array (zeros before a network and a view).
   */
  readIdWords(width: number, height: number, hashLayers = 0, output = 0): Uint32Array {
    if (!this.packed || !this.view || this.gl.isContextLost()) return new Uint32Array(4 * width * height);
    if (this.uintTargetOk) this.uintTarget(this.wordsFbo, width, height);
    if (!this.uintTargetOk) {
      const words = (['hashLo', 'hashHi', 'output', 'argmax'] as const).map((c) =>
        this.readWords(c, width, height, hashLayers, output),
      );
      return interleave(words);
    }
    const hashed = this.hashedNeurons(hashLayers);
    const draws = this.tiledPass(this.wordsFbo, width, height, 'words', 'none', hashed, output, -1);
    return readUintWordsOf(this.regl, this.gl, this.wordsFbo, draws, width, height);
  }

  /**
   * Benchmark hook: evaluate the region map (display channel, no value) at width x height into an offscreen
   * target, tiled as every frame is (at most `macsPerDraw` multiply-adds per draw), then wait for the GPU
   * with a one-pixel read of that target. Returns the multiply-adds (pixels x macsPerPixel) and the draw
   * calls issued; zeros before a network and a view or with a lost context.
   */
  evaluateOffscreen(
    width: number,
    height: number,
    macsPerDraw = MACS_PER_DRAW,
  ): { macs: number; draws: number } {
    if (!this.packed || !this.view || this.gl.isContextLost()) return { macs: 0, draws: 0 };
    const fbo = this.oneWordTarget('display', width, height);
    const hashed = this.hashedNeurons(0);
    const draws = this.tiledPass(fbo, width, height, 'display', 'none', hashed, 0, -1, macsPerDraw);
    for (const d of draws) d();
    // oneWordTarget gives readFbo or, with several pixels per fragment, readWordsFbo.
    if (fbo === this.readFbo) this.onReadFbo(this.readOnePixel);
    else this.onReadWordsFbo(this.readOneUintPixel);
    return { macs: width * height * this.packed.macsPerPixel, draws: draws.length };
  }

  /**
   * Block until the GPU has finished the commands issued so far (a one-pixel read of the canvas: unlike
   * gl.finish, a read cannot return before the drawing is done).
   */
  finish(): void {
    if (this.gl.isContextLost()) return;
    this.onCanvas(this.readOnePixel);
  }

  // The one-pixel reads of finish() and evaluateOffscreen (RGBA8 and RGBA32UI targets), made once (a new
  // regl command per call compiles code and allocates).
  private readonly pixel4 = new Uint8Array(4);
  private readonly readOnePixel = () => {
    this.regl.read({ x: 0, y: 0, width: 1, height: 1, data: this.pixel4 });
  };
  private readonly words4 = new Uint32Array(4);
  private readonly readOneUintPixel = () => {
    readUintPixels(this.gl, 1, 1, 0, this.words4);
  };

  /** The pending GL error as a name, or null; also reports a lost context. */
  glError(): string | null {
    if (this.gl.isContextLost()) return 'the WebGL context was lost';
    const e = this.gl.getError();
    return e === this.gl.NO_ERROR ? null : glErrorName(this.gl, e);
  }

  /** Release every GPU resource. */
  destroy(): void {
    this.regl.destroy();
  }
}
