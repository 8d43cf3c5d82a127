/**
 * Shader assembly: GLSL ES 3.00 sources from shaders/*.glsl (imported with Vite's ?raw) with the
 * architecture and the feature switches as #defines and constant arrays.
 */

import type { Buffer, DrawCommand, Regl, Texture2D } from 'regl';
import activationGlsl from '../../shaders/activation.glsl?raw';
import compositeGlsl from '../../shaders/composite.frag.glsl?raw';
import fullscreenVert from '../../shaders/fullscreen.vert.glsl?raw';
import hashGlsl from '../../shaders/hash.glsl?raw';
import linesFrag from '../../shaders/lines.frag.glsl?raw';
import linesVert from '../../shaders/lines.vert.glsl?raw';
import networkGlsl from '../../shaders/network.frag.glsl?raw';
import paletteGlsl from '../../shaders/palette.glsl?raw';
import type { PackedNetwork } from '../engine/pack.ts';

/** What a network pass writes: the display word, or one exact 32-bit word per pixel for readback. */
export const CHANNELS = {
  display: 0,
  hashLo: 1,
  hashHi: 2,
  output: 3,
  gradient: 4,
  argmax: 5,
  words: 6,
} as const;
/** One channel name. */
export type Channel = keyof typeof CHANNELS;

/** The value packed into the display word (as a half float): none, output f_k, |grad f_k|, argmax class. */
export const DISPLAY_VALUES = { none: 0, output: 1, gradient: 2, argmax: 3 } as const;
/** One display value name. */
export type DisplayValue = keyof typeof DISPLAY_VALUES;

const HEADER = '#version 300 es\nprecision highp float;\nprecision highp int;\n';

/** The vertex shader shared by the full-screen passes. */
export const FULLSCREEN_VERT: string = fullscreenVert;
/** The polygon overlay's shaders. */
export const LINES_VERT: string = linesVert;
/** The polygon overlay's fragment shader. */
export const LINES_FRAG: string = linesFrag;

const constArray = (name: string, values: readonly number[]) =>
  `const int ${name}[NL] = int[NL](${values.join(', ')});\n`;

/**
 * The network fragment shader for `packed`, writing `channel` (and, for the display channel, `value`).
 * The gradient tangents are compiled in only when the channel or the value needs them. With
 * `uniformBlockTexels` > 0 the weights are read from a uniform block of that many vec4s (see gl2.ts).
 */
export function networkFragmentSource(
  packed: PackedNetwork,
  channel: Channel,
  value: DisplayValue,
  uniformBlockTexels = 0,
): string {
  const L = packed.layers;
  const tangent = channel === 'gradient' || (channel === 'display' && value === 'gradient');
  return (
    HEADER +
    `#define NL ${L.length}\n#define MAXW4 ${Math.ceil(packed.maxWidth / 4)}\n` +
    `#define CHANNEL ${CHANNELS[channel]}\n#define VALUE ${channel === 'display' ? DISPLAY_VALUES[value] : 0}\n` +
    `#define TANGENT ${tangent ? 1 : 0}\n#define WEIGHTS_UBO ${uniformBlockTexels}\n` +
    constArray(
      'L_OUT',
      L.map((p) => p.outDim),
    ) +
    constArray(
      'L_ROWT',
      L.map((p) => p.rowTexels),
    ) +
    constArray(
      'L_BASE',
      L.map((p) => Math.max(0, p.baseTexel)),
    ) +
    constArray(
      'L_OFF',
      L.map((p) => p.neuronOffset),
    ) +
    constArray(
      'L_ACT',
      L.map((p) => p.activation),
    ) +
    hashGlsl +
    activationGlsl +
    networkGlsl
  );
}

/** Composite modes of composite.frag.glsl. */
export const COMPOSITE_MODES = { regions: 0, gradient: 1, output: 2, argmax: 3 } as const;
/** One composite mode name. */
export type CompositeMode = keyof typeof COMPOSITE_MODES;

/** The composite fragment shader for one colour mode. */
export function compositeFragmentSource(mode: CompositeMode): string {
  return `${HEADER}#define MODE ${COMPOSITE_MODES[mode]}\n${paletteGlsl}${compositeGlsl}`;
}

type Props = Record<string, unknown>;

/**
 * The regl command of a network fragment shader `frag`: a full-screen quad into the framebuffer, viewport
 * and scissor box given as props (fbo, viewport, box), with the uniforms of network.frag.glsl as props
 * (halfSize, pixel, hashNeurons, output, probe). The weights texture is bound even when the program reads
 * a uniform block instead (an unused sampler costs nothing).
 */
export function networkCommand(
  regl: Regl,
  frag: string,
  inputs: { weights: Texture2D; neurons: Texture2D; quad: Buffer },
): DrawCommand {
  const p = <K extends string>(k: K) => regl.prop<Props, K>(k);
  return regl({
    vert: FULLSCREEN_VERT,
    frag,
    attributes: { position: { buffer: inputs.quad, size: 2 } },
    uniforms: {
      uWeights: inputs.weights,
      uNeurons: inputs.neurons,
      uHalfSize: p('halfSize'),
      uPixel: p('pixel'),
      uHashNeurons: p('hashNeurons'),
      uOutput: p('output'),
      uProbe: p('probe'),
    },
    framebuffer: p('fbo'),
    viewport: p('viewport'),
    scissor: { enable: true, box: p('box') },
    depth: { enable: false },
    count: 6,
  });
}
