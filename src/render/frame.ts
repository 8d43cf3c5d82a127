/**
 * The frame the explorer draws over and over (every animation frame while the user drags): its tiles, the
 * props of every draw call and of the composite are built once and then updated in place, so drawing a
 * frame allocates nothing as long as the target size, the program and the tiling stay the same.
 * A frame at reduced resolution is coloured at its own size and then spread over the canvas (upscale.ts);
 * a full-resolution frame is coloured onto the canvas directly.
 */
import type { Framebuffer2D } from 'regl';
import type { ViewRect } from '../engine/range.ts';
import { compositeWords } from './gl2.ts';
import type { FrameJob, Overlay } from './mapRenderer.ts';
import type { OverlayPass } from './overlay.ts';
import type { PassCore } from './passes.ts';
import type { CompositeCommand, CompositeProps, NetworkCommand, NetworkProps } from './programCache.ts';
import { tileBoxes } from './tiles.ts';
import { type UpscaleProps, upscaleCommand } from './upscale.ts';

export type { FrameJob } from './mapRenderer.ts';

/** The props of one tile's draw call. */
type TileProps = NetworkProps;

/** What a frame draws: see {@link FramePass.configure}. */
export interface FrameSetup {
  /** The network program (display channel) and the composite program of the colour mode. */
  network: NetworkCommand;
  composite: CompositeCommand;
  /** The display target and the frame's size in pixels (reduced resolution). */
  fbo: Framebuffer2D;
  width: number;
  height: number;
  /**
   * Pixels per fragment of the network program: with more than one the target is an RGBA32UI texture that
   * many times narrower, which regl cannot bind: `dataTexture` is then bound to unit 0 for the composite
   * (with 8, `dataTexture1`, the words of pixels 4..7, to unit 1) and `refresh` (regl._refresh) run after it.
   */
  pixelsPerFragment: number;
  dataTexture: WebGLTexture | null;
  dataTexture1: WebGLTexture | null;
  refresh: () => void;
  /** The canvas size. */
  canvasWidth: number;
  canvasHeight: number;
  /** Multiply-adds per pixel (not per fragment) and per draw call. */
  macsPerPixel: number;
  macsPerDraw: number;
  /** The view shown (plane units). */
  view: ViewRect;
  /** Uniforms of the network program. */
  hashNeurons: number;
  output: number;
  probe: number;
  lcRadius: number;
  /** Uniforms of the composite. */
  range: number;
  boundaries: boolean;
  showProbe: boolean;
  /** Width of the boundaries, level sets and zero set in data pixels (1 to MAX_LINE_PIXELS). */
  lineWidth: number;
  /** The overlay to draw after each composite, or null. */
  overlay: Overlay | null;
}

/** A reusable {@link FrameJob}; the Renderer owns one. */
export class FramePass implements FrameJob {
  macs = 0;
  /** Multiply-adds drawn so far in this frame. */
  get macsDone(): number {
    return this.next * this.macsPerTile;
  }
  private tiles: TileProps[] = [];
  private macsPerTile = 0;
  private next = 0;
  private tiled = false;
  private readonly halfSize = [0, 0];
  private readonly pixel = [0, 0];
  private readonly viewport = { x: 0, y: 0, width: 0, height: 0 };
  private readonly compositeProps: CompositeProps = {
    framebuffer: null,
    data: null,
    dataSize: [0, 0],
    targetSize: [0, 0],
    range: 1,
    boundaries: true,
    probe: false,
    lineWidth: 1,
    viewport: { x: 0, y: 0, width: 0, height: 0 },
  };
  private setup: FrameSetup | null = null;
  /** The colour target of reduced frames and its copy onto the canvas (made on the first such frame). */
  private upscale: { draw: ReturnType<typeof upscaleCommand>; props: UpscaleProps } | null = null;
  /** True when this frame is reduced (coloured into the upscale's target, then copied). */
  private reduced = false;
  // What the tiles were built for.
  private builtFor = {
    width: -1,
    height: -1,
    macsPerPixel: -1,
    macsPerDraw: -1,
    pixels: -1,
    fbo: null as Framebuffer2D | null,
  };

  private readonly gl: WebGL2RenderingContext;

  constructor(
    private readonly core: PassCore,
    private readonly overlayPass: OverlayPass,
  ) {
    this.gl = core.gl;
  }

  /**
   * Prepare the next frame (and rewind): the tiles are rebuilt only when the target size, the cost per pixel
   * or per draw changed; everything else is written into the existing props. `setup` is kept by reference
   * (the caller reuses one object).
   */
  configure(setup: FrameSetup): this {
    const { width, height, macsPerPixel, macsPerDraw, fbo } = setup;
    const P = setup.pixelsPerFragment;
    const targetWidth = Math.ceil(width / P);
    const b = this.builtFor;
    if (
      b.width !== width ||
      b.height !== height ||
      b.macsPerPixel !== macsPerPixel ||
      b.macsPerDraw !== macsPerDraw ||
      b.pixels !== P ||
      b.fbo !== fbo
    ) {
      const { boxes, pixelsPerBox } = tileBoxes(targetWidth, height, macsPerPixel * P, macsPerDraw);
      this.tiles = boxes.map((box) => ({
        fbo,
        viewport: this.viewport,
        halfSize: this.halfSize,
        pixel: this.pixel,
        hashNeurons: 0,
        output: 0,
        probe: -1,
        lcRadius: 0,
        box,
      }));
      this.macsPerTile = pixelsPerBox * macsPerPixel * P;
      this.tiled = boxes.length > 1;
      Object.assign(b, { width, height, macsPerPixel, macsPerDraw, pixels: P, fbo });
    }
    this.viewport.width = targetWidth;
    this.viewport.height = height;
    this.halfSize[0] = width / 2;
    this.halfSize[1] = height / 2;
    this.pixel[0] = (setup.view.x1 - setup.view.x0) / width;
    this.pixel[1] = (setup.view.y1 - setup.view.y0) / height;
    for (const t of this.tiles) {
      t.hashNeurons = setup.hashNeurons;
      t.output = setup.output;
      t.probe = setup.probe;
      t.lcRadius = setup.lcRadius;
    }
    const c = this.compositeProps;
    c.data = fbo;
    c.dataSize[0] = width;
    c.dataSize[1] = height;
    // A reduced frame is coloured into a target of its own size, then copied onto the canvas (step).
    this.reduced = width !== setup.canvasWidth || height !== setup.canvasHeight;
    if (this.reduced) {
      this.upscale ??= {
        draw: upscaleCommand(this.core.regl),
        props: {
          colour: this.core.framebuffer(),
          dataSize: c.dataSize,
          targetSize: [0, 0],
          viewport: { x: 0, y: 0, width: 0, height: 0 },
        },
      };
      const u = this.upscale.props;
      u.colour.resize(width, height);
      u.targetSize[0] = setup.canvasWidth;
      u.targetSize[1] = setup.canvasHeight;
      u.viewport.width = setup.canvasWidth;
      u.viewport.height = setup.canvasHeight;
    }
    c.framebuffer = this.reduced ? this.upscale!.props.colour : null;
    c.targetSize[0] = this.reduced ? width : setup.canvasWidth;
    c.targetSize[1] = this.reduced ? height : setup.canvasHeight;
    c.range = setup.range;
    c.boundaries = setup.boundaries;
    c.probe = setup.showProbe;
    c.lineWidth = setup.lineWidth;
    c.viewport.width = c.targetSize[0]!;
    c.viewport.height = c.targetSize[1]!;
    this.setup = setup;
    this.next = 0;
    this.macs = this.tiles.length * this.macsPerTile;
    return this;
  }

  step(macs: number): boolean {
    const s = this.setup;
    if (!s || this.next >= this.tiles.length) return true;
    let spent = 0;
    do {
      s.network(this.tiles[this.next++]!);
      if (this.tiled) this.gl.flush();
      spent += this.macsPerTile;
    } while (this.next < this.tiles.length && spent + this.macsPerTile <= macs);
    // Only a complete frame reaches the canvas: until then it keeps the last complete picture (the App draws
    // a coarse one first), never tiles of the new frame over the old one.
    if (this.next < this.tiles.length) return false;
    compositeWords(this.gl, s.composite, this.compositeProps, s.dataTexture, s.dataTexture1, s.refresh);
    if (this.reduced) this.upscale!.draw(this.upscale!.props);
    if (s.overlay) this.overlayPass.draw(s.overlay, s.view, s.canvasWidth, s.canvasHeight);
    return true;
  }
}
