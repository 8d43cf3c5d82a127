/**
 * The WebGL2 renderer of region maps (one {@link MapRenderer}): uploads a packed network, evaluates it per
 * pixel (tiled so that no draw call is long enough to lose the context on a software rasteriser), colours
 * the result and reads words back. Its parts: device.ts (policy), weightStore.ts, programCache.ts,
 * passes.ts (shared state and tiled passes), frame.ts (canvas frames), imagePart.ts (export parts),
 * readback.ts (word reads). It touches the DOM only through its canvas and knows nothing of the UI.
 */
import createREGL, { type DrawCommand } from 'regl';
import type { Network } from '../engine/model.ts';
import { type PackedNetwork, packNetwork, viewTextureRows } from '../engine/pack.ts';
import { linePixels } from '../state/look.ts';
import { attachmentsFor, fitsHint, MACS_PER_DRAW, MAX_RENDER_WIDTH } from './device.ts';
import { fenceOf } from './fence.ts';
import { FramePass, type FrameSetup } from './frame.ts';
import { createContext, fboTexture, type GpuLimits, glErrorName, readLimits, readUintPixels } from './gl2.ts';
import { ImagePartPass } from './imagePart.ts';
import type {
  DeviceFence,
  DisplayOptions,
  FrameJob,
  ImagePartRequest,
  MapRenderer,
  Overlay,
  RenderView,
  WordChannel,
} from './mapRenderer.ts';
import { OverlayPass } from './overlay.ts';
import { PassCore } from './passes.ts';
import type { Channel, UnrollPlan } from './programs.ts';
import { interleave, readUintWordsOf, readWordsOf, unpackFragmentWords } from './readback.ts';
import { hideBlockUniforms, integerSamplerUnits } from './reglContext.ts';

export {
  choosePixels,
  MACS_PER_DRAW,
  MAX_RENDER_WIDTH,
  mostPixels,
  PIXEL_FLOATS,
} from './device.ts';
export type { DisplayOptions, FrameJob, ImagePartRequest, MapRenderer, RenderView } from './mapRenderer.ts';

/** Renders networks into a canvas with WebGL2; create with {@link Renderer.create}. */
export class Renderer implements MapRenderer {
  /** The device limits read at creation. */
  readonly limits: GpuLimits;
  private readonly core: PassCore;
  /** Architectures (and weight locations) whose programs compiled and ran on one pixel. */
  private readonly checked = new Set<string>();
  private readonly overlay: OverlayPass;
  private readonly framePass: FramePass;
  private readonly imagePart: ImagePartPass;
  private readonly frameSetup = {} as FrameSetup;
  /** Scopes that bind the canvas / the read targets (for one-pixel reads). */
  private readonly onCanvas: DrawCommand;
  private readonly onReadFbo: DrawCommand;
  private readonly onReadWordsFbo: DrawCommand;

  private constructor(
    /** The canvas drawn into. */
    readonly canvas: HTMLCanvasElement,
    /** The WebGL2 context. */
    readonly gl: WebGL2RenderingContext,
    /** The regl instance on that context. */
    readonly regl: createREGL.Regl,
  ) {
    this.limits = readLimits(gl);
    this.core = new PassCore(regl, gl, this.limits);
    this.overlay = new OverlayPass(regl);
    this.framePass = new FramePass(this.core, this.overlay);
    this.imagePart = new ImagePartPass(this.core);
    this.onCanvas = regl({ framebuffer: null });
    this.onReadFbo = regl({ framebuffer: this.core.readFbo });
    this.onReadWordsFbo = regl({ framebuffer: this.core.readWordsFbo });
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

  /**
   * Multiply-adds per draw call of frames and images (the App sets it from the device's measured speed, see
   * frameBudget.ts macsPerDrawFor); at most MACS_PER_DRAW.
   */
  get macsPerDraw(): number {
    return this.core.macsPerDraw;
  }
  set macsPerDraw(m: number) {
    this.core.macsPerDraw = m;
  }

  /**
   * Where the weights go: 'texture' (the default: on SwiftShader the shader's loops read a texture 1.7 to 1.9
   * times faster than a uniform block indexed by the loop counter), or 'auto': the uniform block when they fit.
   */
  get weightStorage(): 'auto' | 'texture' {
    return this.core.weightStorage;
  }
  set weightStorage(s: 'auto' | 'texture') {
    this.core.weightStorage = s;
  }

  /** How the network programs unroll their loops (programs.ts); a benchmark knob, set before setNetwork. */
  get unrollPlan(): UnrollPlan {
    return this.core.unrollPlan;
  }
  set unrollPlan(p: UnrollPlan) {
    this.core.unrollPlan = p;
  }

  /**
   * Pixels evaluated per fragment by the display and one-word passes (each weight texel read once for all
   * of them; see device.ts choosePixels): 'auto' or 1, 2, 4, 8 (8: two RGBA32UI attachments; 'auto' chooses
   * 8 only on SwiftShader for wide layers). The four-word readback always uses 1. Set before setNetwork.
   */
  get pixelsPerFragment(): 'auto' | 1 | 2 | 4 | 8 {
    return this.core.pixelsPerFragment;
  }
  set pixelsPerFragment(p: 'auto' | 1 | 2 | 4 | 8) {
    this.core.pixelsPerFragment = p;
  }

  /** Number of network programs compiled so far (one per architecture, channel and display value). */
  get compiledPrograms(): number {
    return this.core.programs.size;
  }

  /** How ids are read back: one pass into an RGBA32UI target, or (where refused) one RGBA8 pass per word. */
  get idReadback(): 'integer target' | 'rgba8 passes' {
    return this.core.uintTargetOk ? 'integer target' : 'rgba8 passes';
  }

  /** Where the current network's weights live on the GPU. */
  get weightLocation(): 'uniform block' | 'texture' {
    return this.core.weights.location;
  }

  /** The packed network in use, or null before {@link setNetwork}. */
  get packedNetwork(): PackedNetwork | null {
    return this.core.packed;
  }

  /** Upload `net`. Returns an error message (and keeps the previous network) when the device cannot hold it. */
  setNetwork(net: Network): string | null {
    const core = this.core;
    if (this.gl.isContextLost()) return 'the WebGL context is lost';
    // The previous network's weight array is written over when the architecture is the same (training,
    // reseeding); on a failure below the previous network is packed again.
    const packed = packNetwork(net, core.packed);
    const rows = viewTextureRows(packed.neuronCount);
    if (packed.textureHeight > this.limits.maxTextureSize || rows > this.limits.maxTextureSize) {
      return `the network has ${packed.weights.length / 4} weight texels, more than this device's texture limit (${this.limits.maxTextureSize} rows): ${fitsHint(net, packed, this.limits.maxTextureSize)}`;
    }
    if (packed.maxWidth > MAX_RENDER_WIDTH) {
      return `a layer of ${packed.maxWidth} neurons is wider than the renderer supports: layers of at most ${MAX_RENDER_WIDTH} neurons fit`;
    }
    const previous = core.net;
    core.install(net, packed);
    if (!core.view) return null;
    // Compile and run the display program on one pixel now, so that a driver failure is a message here;
    // once per architecture and weight location (the same programs then run whatever the weights).
    const checkKey = `${packed.architectureKey}|${core.weights.blockTexels}`;
    if (this.checked.has(checkKey)) return null;
    try {
      const fbo = core.oneWordTarget('display', 1, 1);
      const pass = { fbo, width: 1, height: 1, channel: 'display', value: 'none' } as const;
      for (const d of core.tiledPass({ ...pass, hashNeurons: 0, output: 0, probe: -1 })) d();
      this.readIdWords(1, 1);
      const err = this.glError();
      if (err) throw new Error(err);
      this.checked.add(checkKey);
      return null;
    } catch (e) {
      if (previous) core.install(previous, packNetwork(previous));
      return `this device could not compile or run the network: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Set the view: the CPU folds the first layer and the centre pre-activations in float64 (pack.ts). */
  setView(view: RenderView): void {
    this.core.view = { ...view };
    this.core.uploadView();
  }

  /**
   * Start drawing a frame into the canvas at 1/`reduction` of its resolution (1: full): the returned job
   * draws it piece by piece (see {@link FrameJob}). Null before a network and a view are set.
   */
  startFrame(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): FrameJob | null {
    const core = this.core;
    if (!core.ready) return null;
    const W = this.canvas.width;
    const H = this.canvas.height;
    const w = Math.max(1, Math.ceil(W / reduction));
    const h = Math.max(1, Math.ceil(H / reduction));
    const plan = core.displayPlan(display);
    // With P pixels per fragment the display words go to an RGBA32UI target P times narrower.
    const P = core.pixelsFor('display', plan.value);
    const target = core.passTarget(P, core.displayWordsFbo, core.displayFbo, w, h);
    const f = this.frameSetup;
    f.network = core.program('display', plan.value);
    f.composite = core.programs.composite(plan.mode, P, display.palette);
    f.fbo = target;
    f.dataTexture = P > 1 ? fboTexture(target) : null;
    f.dataTexture1 = P > 4 ? fboTexture(target, 1) : null;
    f.refresh = core.refresh;
    f.pixelsPerFragment = P;
    f.width = w;
    f.height = h;
    f.canvasWidth = W;
    f.canvasHeight = H;
    f.macsPerPixel = core.macsPerPixel('display', plan.value);
    f.macsPerDraw = core.macsPerDraw;
    f.view = core.view!;
    f.hashNeurons = plan.hashNeurons;
    f.output = plan.output;
    f.probe = display.probe;
    f.lcRadius = plan.lcRadius;
    f.range = display.range > 0 ? display.range : 1;
    f.boundaries = display.boundaries;
    f.showProbe = display.probe >= 0;
    f.lineWidth = linePixels(display.lineWidth ?? 1, 1, 1, reduction);
    f.overlay = overlay;
    return this.framePass.configure(f);
  }

  /** Draw a whole frame now (see {@link startFrame}). */
  draw(display: DisplayOptions, reduction = 1, overlay: Overlay | null = null): void {
    this.startFrame(display, reduction, overlay)?.step(Number.POSITIVE_INFINITY);
  }

  /** Multiply-adds per pixel of the display pass for `display` (0 before a network is set). */
  displayMacsPerPixel(display: DisplayOptions): number {
    if (!this.core.packed) return 0;
    return this.core.macsPerPixel('display', this.core.displayPlan(display).value);
  }

  /**
   * Draw a part of an image of the current view, coloured exactly as the canvas is at full resolution
   * (colour mode, boundaries, probe; not the polygon overlay), and read it back as RGBA bytes, top row
   * first (see imagePart.ts). Boundaries at the part's right and top edges are decided against a one-pixel
   * margin of the neighbouring part, so parts put side by side equal the whole image; the part plus its
   * margin must fit in the device's texture size. Null before a network and a view, with a lost context,
   * or when the part is empty or outside the image.
   */
  renderImagePart(part: ImagePartRequest): Uint8Array | null {
    return this.imagePart.render(part);
  }

  /**
   * Render `channel` at width x height for the current view and read it back: one 32-bit word per pixel,
   * row-major, row 0 at the top. `hashLayers` limits the hash to the first k layers (0: all); `output` picks
   * the output of the output/gradient channels. Returns a new array (zeros before a network and a view).
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
    const core = this.core;
    if (!core.ready) return new Uint32Array(width * height);
    const fbo = core.oneWordTarget(channel, width, height);
    const pass = { fbo, width, height, channel, value: 'none', output, probe, lcRadius } as const;
    const draws = core.tiledPass({ ...pass, hashNeurons: core.hashedNeurons(hashLayers) });
    const P = core.pixelsFor(channel);
    if (P === 1) return readWordsOf(this.regl, fbo, draws, width, height);
    const tw = Math.ceil(width / P);
    const attachments = attachmentsFor(P);
    const raw = readUintWordsOf(this.regl, this.gl, fbo, draws, tw, height, attachments);
    return unpackFragmentWords(raw, width, height, P, attachments);
  }

  /**
   * Evaluate once at width x height and read four words per pixel: hash lo, hash hi (of the first
   * `hashLayers` layers; 0: all), the bits of output `output` as float32, and the argmax class. Row-major,
   * row 0 at the top, words 4p..4p+3. Uses an RGBA32UI target; where the device refuses one, falls back to
   * one RGBA8 pass per word. Returns a new array (zeros before a network and a view).
   */
  readIdWords(width: number, height: number, hashLayers = 0, output = 0): Uint32Array {
    const core = this.core;
    if (!core.ready) return new Uint32Array(4 * width * height);
    if (core.uintTargetOk) core.uintTarget(core.wordsFbo, width, height);
    if (!core.uintTargetOk) {
      const words = (['hashLo', 'hashHi', 'output', 'argmax'] as const).map((c) =>
        this.readWords(c, width, height, hashLayers, output),
      );
      return interleave(words);
    }
    const channel: Channel = 'words';
    const pass = { fbo: core.wordsFbo, width, height, channel, value: 'none', output, probe: -1 } as const;
    const draws = core.tiledPass({ ...pass, hashNeurons: core.hashedNeurons(hashLayers) });
    return readUintWordsOf(this.regl, this.gl, core.wordsFbo, draws, width, height);
  }

  /** {@link readWords} as a promise (read now: the GPU's reads are short tiled passes). */
  readWordsAsync(
    channel: WordChannel,
    width: number,
    height: number,
    hashLayers = 0,
    output = 0,
    lcRadius = 0,
    probe = -1,
  ): Promise<Uint32Array> {
    return new Promise((resolve) =>
      resolve(this.readWords(channel, width, height, hashLayers, output, lcRadius, probe)),
    );
  }

  /** {@link readIdWords} as a promise (read now). */
  readIdWordsAsync(width: number, height: number, hashLayers = 0, output = 0): Promise<Uint32Array> {
    return new Promise((resolve) => resolve(this.readIdWords(width, height, hashLayers, output)));
  }

  /**
   * The architectures whose programs compiled and ran on this device (checked once each by setNetwork);
   * see {@link trust}.
   */
  get verified(): ReadonlySet<string> {
    return this.checked;
  }

  /**
   * Take the architectures `keys` as checked: a renderer rebuilt on the same canvas after a context loss
   * skips the one-pixel check (and the compile of its read program) for what the lost one had checked.
   */
  trust(keys: Iterable<string>): void {
    for (const k of keys) this.checked.add(k);
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
    const core = this.core;
    if (!core.ready) return { macs: 0, draws: 0 };
    const fbo = core.oneWordTarget('display', width, height);
    const pass = { fbo, width, height, channel: 'display', value: 'none', output: 0, probe: -1 } as const;
    const draws = core.tiledPass({ ...pass, hashNeurons: core.hashedNeurons(0), macsPerDraw });
    for (const d of draws) d();
    // oneWordTarget gives readFbo or, with several pixels per fragment, readWordsFbo.
    if (fbo === core.readFbo) this.onReadFbo(this.readOnePixel);
    else this.onReadWordsFbo(this.readOneUintPixel);
    return { macs: width * height * core.packed!.macsPerPixel, draws: draws.length };
  }

  /**
   * Block until the GPU has finished the commands issued so far (a one-pixel read of the canvas: unlike
   * gl.finish, a read cannot return before the drawing is done).
   */
  finish(): void {
    if (this.gl.isContextLost()) return;
    this.onCanvas(this.readOnePixel);
  }

  /** A fence after the commands issued so far, polled without blocking (fence.ts); null with a lost context. */
  fence(): DeviceFence | null {
    return fenceOf(this.gl);
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
