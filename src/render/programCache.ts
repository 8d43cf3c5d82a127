/**
 * The regl commands of the WebGL2 renderer, compiled once per key: the network programs (one per
 * architecture, channel, display value, weight location, unroll plan and pixels per fragment) and the
 * composite programs (one per colour mode and pixels per fragment), with typed props.
 */
import type {
  AttributeConfig,
  Buffer,
  DefaultContext,
  DrawCommand,
  Framebuffer2D,
  Regl,
  Texture2D,
} from 'regl';
import type { PackedNetwork } from '../engine/pack.ts';
import type { PaletteName } from './palette.ts';
import {
  type Channel,
  type CompositeMode,
  compositeFragmentSource,
  type DisplayValue,
  FULLSCREEN_VERT,
  networkFragmentSource,
  type UnrollPlan,
} from './programs.ts';
import type { Box } from './tiles.ts';

/** A viewport or scissor rectangle in target pixels (origin at the bottom left). */
export interface PixelRect {
  /** Left column. */
  x: number;
  /** Bottom row. */
  y: number;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** The props of one draw of a network program (the uniforms of network.frag.glsl and the target). */
export interface NetworkProps {
  /** The target framebuffer (null: the canvas). */
  fbo: Framebuffer2D | null;
  /** The viewport over the whole target. */
  viewport: PixelRect;
  /** The image's half size minus the target's offset in it, in pixels: [x, y]. */
  halfSize: number[];
  /** The size of one pixel in plane units: [s, t]. */
  pixel: number[];
  /** Neurons hashed (the first k layers' neurons). */
  hashNeurons: number;
  /** The output read by the output and gradient channels (-1: argmax). */
  output: number;
  /** Global index of the probed neuron (-1: none). */
  probe: number;
  /** The local-complexity radius in plane units (read by the complexity value and channel only). */
  lcRadius: number;
  /** The scissor box of this draw. */
  box: Box;
}

/** The props of one draw of a composite program. */
export interface CompositeProps {
  /** The target framebuffer (null: the canvas). */
  framebuffer: Framebuffer2D | null;
  /** The display words (RGBA8; with several pixels per fragment bound by hand, see gl2.compositeWords). */
  data: Framebuffer2D | null;
  /** The size of the data in pixels (not fragments): [width, height]. */
  dataSize: number[];
  /** The size of the target in pixels: [width, height]. */
  targetSize: number[];
  /** End of the colour scale (> 0). */
  range: number;
  /** Draw region boundaries. */
  boundaries: boolean;
  /** Draw the probed neuron's zero set. */
  probe: boolean;
  /** Width of the boundaries, level sets and zero set in data pixels (1 to MAX_LINE_PIXELS). */
  lineWidth: number;
  /** The viewport. */
  viewport: PixelRect;
}

/** The uniforms of network.frag.glsl set by a network program. */
export interface NetworkUniforms {
  uWeights: Texture2D;
  uNeurons: Texture2D;
  uHalfSize: number[];
  uPixel: number[];
  uHashNeurons: number;
  uOutput: number;
  uProbe: number;
  uLcRadius: number;
}

/** The uniforms of composite.frag.glsl. */
export interface CompositeUniforms {
  uData: Framebuffer2D | null;
  uDataSize: number[];
  uTargetSize: number[];
  uRange: number;
  uBoundaries: boolean;
  uProbe: boolean;
  uLineWidth: number;
}

/** The attribute of the full-screen quad (two floats per vertex). */
export interface QuadAttributes {
  position: AttributeConfig;
}

/** A compiled network program. */
export type NetworkCommand = DrawCommand<DefaultContext, NetworkProps>;
/** A compiled composite program. */
export type CompositeCommand = DrawCommand<DefaultContext, CompositeProps>;

/** What a network program is compiled for (see {@link ProgramCache.network}). */
export interface NetworkProgramKey {
  /** The packed network (its architecture decides the code). */
  packed: PackedNetwork;
  /** The channel written. */
  channel: Channel;
  /** The value packed into the display word. */
  value: DisplayValue;
  /** Length in vec4s of the weights' uniform block, or 0 for the texture. */
  blockTexels: number;
  /** The unroll plan of the layer code. */
  plan: UnrollPlan;
  /** Pixels per fragment. */
  pixels: number;
}

/** The programs of one renderer, compiled on first use and kept until the renderer is destroyed. */
export class ProgramCache {
  private readonly networks = new Map<string, NetworkCommand>();
  private readonly composites = new Map<string, CompositeCommand>();
  private readonly last = { cmd: null as NetworkCommand | null, key: null as NetworkProgramKey | null };

  /** A cache compiling with `regl`, binding `inputs` (the weight and view textures, the quad) to every program. */
  constructor(
    private readonly regl: Regl,
    private readonly inputs: { weights: Texture2D; neurons: Texture2D; quad: Buffer },
  ) {}

  /** Number of network programs compiled so far. */
  get size(): number {
    return this.networks.size;
  }

  /**
   * The network program for `k`; the last one asked for is returned without building a key string when
   * every field of `k` is the same (the explorer asks once per frame).
   */
  network(k: NetworkProgramKey): NetworkCommand {
    const l = this.last.key;
    if (
      this.last.cmd &&
      l &&
      l.packed === k.packed &&
      l.channel === k.channel &&
      l.value === k.value &&
      l.blockTexels === k.blockTexels &&
      l.plan === k.plan &&
      l.pixels === k.pixels
    ) {
      return this.last.cmd;
    }
    const { packed, channel, value, blockTexels, plan, pixels } = k;
    const key = `${packed.architectureKey}|${channel}|${value}|${blockTexels}|${plan.maxInputTexels}|${plan.chunked}|${plan.maxLayerTexels}|${pixels}`;
    let cmd = this.networks.get(key);
    if (!cmd) {
      cmd = this.networkCommand(networkFragmentSource(packed, channel, value, blockTexels, plan, pixels));
      this.networks.set(key, cmd);
    }
    this.last.cmd = cmd;
    this.last.key = { ...k };
    return cmd;
  }

  /** The composite program of colour mode `mode` in `palette` reading words packed `pixels` per fragment. */
  composite(mode: CompositeMode, pixels: number, palette: PaletteName = 'default'): CompositeCommand {
    const key = `${mode}|${pixels}|${palette}`;
    let cmd = this.composites.get(key);
    if (!cmd) {
      const p = <K extends keyof CompositeProps>(k: K) => this.regl.prop<CompositeProps, K>(k);
      cmd = this.regl<CompositeUniforms, QuadAttributes, CompositeProps>({
        vert: FULLSCREEN_VERT,
        frag: compositeFragmentSource(mode, pixels, palette),
        attributes: { position: { buffer: this.inputs.quad, size: 2 } },
        uniforms: {
          uData: p('data'),
          uDataSize: p('dataSize'),
          uTargetSize: p('targetSize'),
          uRange: p('range'),
          uBoundaries: p('boundaries'),
          uProbe: p('probe'),
          uLineWidth: p('lineWidth'),
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
   * The regl command of a network fragment shader `frag`: a full-screen quad into the framebuffer, viewport
   * and scissor box of its props. The weights texture is bound even when the program reads a uniform block
   * instead (an unused sampler costs nothing).
   */
  private networkCommand(frag: string): NetworkCommand {
    const p = <K extends keyof NetworkProps>(k: K) => this.regl.prop<NetworkProps, K>(k);
    return this.regl<NetworkUniforms, QuadAttributes, NetworkProps>({
      vert: FULLSCREEN_VERT,
      frag,
      attributes: { position: { buffer: this.inputs.quad, size: 2 } },
      uniforms: {
        uWeights: this.inputs.weights,
        uNeurons: this.inputs.neurons,
        uHalfSize: p('halfSize'),
        uPixel: p('pixel'),
        uHashNeurons: p('hashNeurons'),
        uOutput: p('output'),
        uProbe: p('probe'),
        uLcRadius: p('lcRadius'),
      },
      framebuffer: p('fbo'),
      viewport: p('viewport'),
      scissor: { enable: true, box: p('box') },
      depth: { enable: false },
      count: 6,
    });
  }
}
