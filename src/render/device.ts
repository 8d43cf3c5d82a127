/**
 * Device policy of the WebGL2 renderer: the widest layer it accepts, how many pixels one fragment
 * evaluates on SwiftShader and on a GPU, and how much work one draw call may hold.
 */
import type { Network } from '../engine/model.ts';
import { PACK_TEXTURE_WIDTH, type PackedNetwork } from '../engine/pack.ts';

/** True when `rendererName` (RenderLimits.renderer) is SwiftShader, Chromium's software rasteriser. */
export function isSwiftShader(rendererName: string): boolean {
  return /swiftshader/i.test(rendererName);
}

/**
 * Widest layer the renderer accepts. A pixel keeps one layer's activations in registers or local memory;
 * compile time grows with the width (on SwiftShader, 2-4096x3-1 compiles and draws a pixel in about a
 * second), so wider layers are refused
 * with a message rather than risking the context.
 */
export const MAX_RENDER_WIDTH = 4096;

/** Activation floats per buffer (pixels x widest layer, x 3 with tangents) allowed by choosePixels. */
export const PIXEL_FLOATS = {
  /**
   * SwiftShader (a CPU): activations live in memory either way, so sharing each weight read among more
   * pixels pays; the cap keeps the compile time, which grows with these arrays, to a few seconds
   * (docs/performance.md has the figures).
   */
  swiftShader: 2048,
  /**
   * A GPU: activations (this layer's and the next, so twice these floats) must stay in registers, since
   * throughput falls several-fold once they spill; the benchmark page (`npm run bench`) compares 1, 2, 4
   * and 8 pixels per fragment on a GPU.
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

/** Colour attachments (1 or 2) of the RGBA32UI target of a pass with `pixels` pixels per fragment (4 words each). */
export const attachmentsFor = (pixels: number): 1 | 2 => (pixels > 4 ? 2 : 1);

/** Multiply-adds per draw call: small enough for SwiftShader (about 0.1 s), large enough for a GPU. */
export const MACS_PER_DRAW = 2 ** 27;

/**
 * The widest uniform hidden width that fits a device, for refusals that say what fits: the largest W
 * (at most MAX_RENDER_WIDTH) such that a network of `inputDim` inputs, `hidden` hidden layers of W neurons
 * and `outputs` outputs has at most `maxParameters` weights and biases. 0 when not even W = 1 fits.
 */
export function widestFitting(
  inputDim: number,
  hidden: number,
  outputs: number,
  maxParameters: number,
): number {
  const params = (w: number) =>
    hidden === 0
      ? inputDim * outputs + outputs
      : inputDim * w + w + (hidden - 1) * (w * w + w) + w * outputs + outputs;
  let lo = 0;
  let hi = MAX_RENDER_WIDTH;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (params(mid) <= maxParameters) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What fits the device's weight texture at `net`'s depth, e.g. "at this depth, layers of at most 900 neurons fit". */
export function fitsHint(net: Network, packed: PackedNetwork, maxRows: number): string {
  const params = net.layers.reduce((n, L) => n + L.outDim * (L.inDim + 1), 0);
  // Texels per parameter of this packing, so that the hint counts the same padding.
  const perParam = packed.weights.length / 4 / Math.max(1, params);
  const maxParams = Math.floor((maxRows * PACK_TEXTURE_WIDTH) / perParam);
  const outputs = net.layers[net.layers.length - 1]!.outDim;
  const w = widestFitting(net.inputDim, net.layers.length - 1, outputs, maxParams);
  return w > 0
    ? `at this depth, hidden layers of at most ${w} neurons fit`
    : 'no network of this depth fits; use fewer layers';
}
