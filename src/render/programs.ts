/**
 * Shader assembly: GLSL ES 3.00 sources from shaders/*.glsl (imported with Vite's ?raw) with the
 * architecture and the feature switches as #defines and constant arrays.
 */

import compositeGlsl from '../../shaders/composite.frag.glsl?raw';
import fullscreenVert from '../../shaders/fullscreen.vert.glsl?raw';
import hashGlsl from '../../shaders/hash.glsl?raw';
import linesFrag from '../../shaders/lines.frag.glsl?raw';
import linesVert from '../../shaders/lines.vert.glsl?raw';
import networkGlsl from '../../shaders/network.frag.glsl?raw';
import { ACTIVATION_CODES as ACT } from '../engine/activations.ts';
import { HASH } from '../engine/forward.ts';
import type { PackedLayer, PackedNetwork } from '../engine/pack.ts';
import { MAX_LINE_PIXELS } from '../state/look.ts';
import { type PaletteName, paletteGlsl } from './palette.ts';

/** What a network pass writes: the display word, or one exact 32-bit word per pixel for readback. */
export const CHANNELS = {
  display: 0,
  hashLo: 1,
  hashHi: 2,
  output: 3,
  gradient: 4,
  argmax: 5,
  words: 6,
  margin: 7,
  complexity: 8,
} as const;
/** One channel name. */
export type Channel = keyof typeof CHANNELS;

/**
 * The value packed into the display word (as a half float): none, output f_k, |grad f_k|, argmax class,
 * margin (largest output minus the second largest), local complexity (the neurons whose local zero set is
 * within uLcRadius plane units of the pixel).
 */
export const DISPLAY_VALUES = {
  none: 0,
  output: 1,
  gradient: 2,
  argmax: 3,
  margin: 4,
  complexity: 5,
} as const;
/** One display value name. */
export type DisplayValue = keyof typeof DISPLAY_VALUES;

/** GLSL uint literal. */
const hex = (x: number) => `0x${x.toString(16)}u`;

/** forward.ts HASH as #defines for hash.glsl and the layer code. */
const HASH_DEFINES =
  `#define HASH_SHIFT1 ${HASH.shift1}\n#define HASH_MUL1 ${hex(HASH.mul1)}\n` +
  `#define HASH_SHIFT2 ${HASH.shift2}\n#define HASH_MUL2 ${hex(HASH.mul2)}\n` +
  `#define HASH_SHIFT3 ${HASH.shift3}\n#define HASH_KEY_STATES ${HASH.keyStates}\n` +
  `#define HASH_HI_XOR ${hex(HASH.hiXor)}\n#define HASH_HI_ADD ${hex(HASH.hiAdd)}\n`;

const HEADER = '#version 300 es\nprecision highp float;\nprecision highp int;\n';

/** The vertex shader shared by the full-screen passes. */
export const FULLSCREEN_VERT: string = fullscreenVert;
/** The polygon overlay's shaders. */
export const LINES_VERT: string = linesVert;
/** The polygon overlay's fragment shader. */
export const LINES_FRAG: string = linesFrag;

/** How the layer code is unrolled (see {@link networkLayersSource}); exported for the benchmark's variants. */
export interface UnrollPlan {
  /**
   * Unroll the loop over a layer's input texels when their number x the pixels per fragment (x 3 with the
   * gradient tangents) is at most this (0: never); wider layers go by chunks of this budget / 8 texels (/ 24 with the tangents).
   */
  maxInputTexels: number;
  /** Wider layers by chunks (else a loop over the input texels inside the loop over the groups). */
  chunked: boolean;
  /** Unroll the loop over a layer's groups of 4 neurons too when the layer has at most this many weight texels. */
  maxLayerTexels: number;
}

/** The default {@link UnrollPlan}. */
export const UNROLL: UnrollPlan = { maxInputTexels: 64, chunked: true, maxLayerTexels: 0 };

/** GLSL float literal. */
const fl = (x: number) => (Number.isInteger(x) ? `${x}.0` : `${x}`);

/**
 * The state, slope and intercept of 4 neurons as vec4 / ivec4 code for activation `act` (ACTIVATION_CODES),
 * from the pre-activations `z` and the negative slopes `alpha`: declares `${p}s` (ivec4 states),
 * `${p}sl` (slopes) and `${p}ic` (intercepts), numbered as engine/activations.ts.
 */
function stateCode(act: number, p: string, z: string, alpha: string): string {
  switch (act) {
    case ACT.linear:
      return `ivec4 ${p}s = ivec4(0); vec4 ${p}sl = vec4(1.0); vec4 ${p}ic = vec4(0.0);\n`;
    case ACT.relu:
      return `bvec4 ${p}on = greaterThan(${z}, vec4(0.0)); ivec4 ${p}s = ivec4(${p}on); vec4 ${p}sl = vec4(${p}on); vec4 ${p}ic = vec4(0.0);\n`;
    case ACT.leaky_relu:
      return `bvec4 ${p}on = greaterThan(${z}, vec4(0.0)); ivec4 ${p}s = ivec4(${p}on); vec4 ${p}sl = mix(${alpha}, vec4(1.0), ${p}on); vec4 ${p}ic = vec4(0.0);\n`;
    case ACT.abs:
      return `bvec4 ${p}on = greaterThan(${z}, vec4(0.0)); ivec4 ${p}s = ivec4(${p}on); vec4 ${p}sl = mix(vec4(-1.0), vec4(1.0), ${p}on); vec4 ${p}ic = vec4(0.0);\n`;
    default: {
      const lowB = `lessThan(${z}, vec4(-1.0))`;
      const highB = `greaterThan(${z}, vec4(1.0))`;
      return (
        `vec4 ${p}lo = vec4(${lowB}); vec4 ${p}hi = vec4(${highB}); ivec4 ${p}s = ivec4(1) - ivec4(${p}lo) + ivec4(${p}hi);\n` +
        `vec4 ${p}sl = vec4(equal(${p}s, ivec4(1))); vec4 ${p}ic = ${p}hi - ${p}lo;\n`
      );
    }
  }
}

/**
 * Local complexity: add to lcCount the neurons of this group (valid ones: `valid`, a vec4 literal, or '' for
 * all four) whose local zero set, |z - c| / |(ts, tt)| for the activation's thresholds c, is within
 * uLcRadius plane units: |z - c| <= uLcRadius |(ts, tt)|, as engine/complexity.ts decides it. Compiled in
 * the tangent programs, evaluated only for VALUE 5 and CHANNEL 8.
 */
function complexityCode(act: number, p: string, valid: string): string {
  const margin = act === ACT.hardtanh ? 'min(abs(z - vec4(1.0)), abs(z + vec4(1.0)))' : 'abs(z)';
  return (
    `#if VALUE == 5 || CHANNEL == 8\n{\nvec4 lcg = sqrt(ts${p} * ts${p} + tt${p} * tt${p});\n` +
    `vec4 near = vec4(lessThanEqual(${margin}, uLcRadius * lcg))${valid ? ` * ${valid}` : ''};\n` +
    `lcCount${p} += dot(near, vec4(1.0));\n}\n#endif\n`
  );
}

/**
 * The layers of network.frag.glsl as straight-line GLSL, one block per layer with its sizes, offsets and
 * activation as literals. Activations ping-pong between two arrays of MAXW4 vec4s (h0, h1; tangents s0/s1,
 * t0/t1). Per group of 4 neurons: dz (layer 0: folded a u + b v; else 4 dot products per input texel),
 * then the delta formulation of pack.ts, the hash keys, the probe state and, in the last layer, the selected
 * output and the argmax, all with vec4 / ivec4 / uvec4 operations. Loops over input texels and over groups are
 * unrolled within `plan`'s limits (constant indices let a compiler keep activations in registers and read a
 * uniform block without gathering), so the code, and the compile time, stays bounded at any width.
 */
export function networkLayersSource(
  packed: PackedNetwork,
  tangent: boolean,
  plan: UnrollPlan = UNROLL,
  pixels = 1,
): string {
  const L = packed.layers;
  const px = Array.from({ length: pixels }, (_, k) => `_${k}`);
  const each = (f: (p: string, k: number) => string) => px.map(f).join('');
  const w4 = Math.ceil(packed.maxWidth / 4);
  let src = each(
    (p, k) =>
      `float u${p} = (gl_FragCoord.x * ${fl(pixels)} - (${fl(pixels / 2 - 0.5 - k)}) - uHalfSize.x) * uPixel.x;\n` +
      `float v${p} = (gl_FragCoord.y - uHalfSize.y) * uPixel.y;\n` +
      `uint lo${p} = 0u;\nuint hi${p} = 0u;\nint probeState${p} = 0;\nfloat outValue${p} = 0.0;\n` +
      `float gradNorm${p} = 0.0;\nfloat best${p} = -3.4e38;\nfloat second${p} = -3.4e38;\nint bestIndex${p} = 0;\nfloat lcCount${p} = 0.0;\n` +
      `vec4 h0${p}[${w4}];\nvec4 h1${p}[${w4}];\n` +
      (tangent ? `vec4 s0${p}[${w4}];\nvec4 s1${p}[${w4}];\nvec4 t0${p}[${w4}];\nvec4 t1${p}[${w4}];\n` : ''),
  );
  // Consecutive hidden layers of the same shape and activation share one loop over the layers (the code,
  // and the compile time, would otherwise grow with the depth); `cur` is the array holding the activations.
  let cur = 0;
  for (let l = 0; l < L.length; ) {
    const P = L[l]!;
    let run = 1;
    const same = (Q: PackedLayer | undefined) =>
      Q !== undefined && Q.inDim === P.inDim && Q.outDim === P.outDim && Q.activation === P.activation;
    if (l > 0) while (l + run < L.length - 1 && same(L[l + run])) run++;
    const out = P.outDim;
    const groups = Math.ceil(out / 4);
    const rt = P.rowTexels;
    const last = l === L.length - 1;
    const hin = `h${cur}`;
    const hout = `h${1 - cur}`;
    const sin = `s${cur}`;
    const sout = `s${1 - cur}`;
    const tin = `t${cur}`;
    const tout = `t${1 - cur}`;
    const baseTexel = run > 1 ? `(${P.baseTexel} + ${P.outDim * rt} * r)` : String(P.baseTexel);
    const neuronOffset = run > 1 ? `(${P.neuronOffset} + ${P.outDim} * r)` : String(P.neuronOffset);
    // Unrolled over the input texels (activations at constant indices) within the plan's budget of input
    // texels x pixels x (3 with tangents); wider layers go by chunks (see chunkCode).
    const tf = tangent ? 3 : 1;
    const unrollInputs = l > 0 && rt * pixels * tf <= plan.maxInputTexels;
    const chunk = Math.max(1, Math.floor(plan.maxInputTexels / (8 * tf)));
    const chunked = l > 0 && !unrollInputs && plan.chunked;
    const unrollGroups = groups === 1 || (unrollInputs && groups * 4 * rt <= plan.maxLayerTexels);
    /**
     * A wide layer's dz by chunks of `chunk` input texels: the chunk's activations are read once (the
     * index is dynamic), then every group of 4 neurons adds the chunk's products to its sums, kept in the
     * output arrays, in the same order as a plain loop over the inputs would (the same float results).
     */
    const chunkCode = () => {
      const arrays = [hout, ...(tangent ? [sout, tout] : [])];
      const inputs = [hin, ...(tangent ? [sin, tin] : [])];
      let c = `for (int g = 0; g < ${groups}; g++) {\n`;
      c += arrays.map((a) => each((p) => `${a}${p}[g] = vec4(0.0);\n`)).join('');
      c += '}\n';
      const pass = (i0: string, k: number) => {
        let t = '';
        for (let i = 0; i < k; i++) {
          t += inputs.map((a, j) => each((p) => `vec4 x${j}_${i}${p} = ${a}${p}[${i0} + ${i}];\n`)).join('');
        }
        t += `for (int g = 0; g < ${groups}; g++) {\n`;
        t += `int last = ${out - 1} - 4 * g;\nint base = ${baseTexel} + ${4 * rt} * g + ${i0};\n`;
        t += `int r1 = base + min(1, last) * ${rt};\nint r2 = base + min(2, last) * ${rt};\nint r3 = base + min(3, last) * ${rt};\n`;
        t += arrays.map((a, j) => each((p) => `vec4 a${j}${p} = ${a}${p}[g];\n`)).join('');
        for (let i = 0; i < k; i++) {
          t += `{\nvec4 w0 = weightTexel(base + ${i});\nvec4 w1 = weightTexel(r1 + ${i});\n`;
          t += `vec4 w2 = weightTexel(r2 + ${i});\nvec4 w3 = weightTexel(r3 + ${i});\n`;
          t += inputs
            .map((_, j) =>
              each((p) => {
                const x = `x${j}_${i}${p}`;
                return `a${j}${p} += vec4(dot(w0, ${x}), dot(w1, ${x}), dot(w2, ${x}), dot(w3, ${x}));\n`;
              }),
            )
            .join('');
          t += '}\n';
        }
        t += arrays.map((a, j) => each((p) => `${a}${p}[g] = a${j}${p};\n`)).join('');
        return `${t}}\n`;
      };
      const n = Math.floor(rt / chunk);
      if (n > 0) c += `for (int c = 0; c < ${n}; c++) {\nint i0 = ${chunk} * c;\n${pass('i0', chunk)}}\n`;
      if (rt % chunk > 0) c += `{\n${pass(String(n * chunk), rt % chunk)}}\n`;
      return c;
    };
    const body = (g: string, partial: number) => {
      // partial: valid neurons in this group when it is the last, partial one (0: all four valid).
      let b = '';
      const n0 = `${neuronOffset} + 4 * ${g}`;
      const clampC = (c: number) => (partial > 0 ? Math.min(c, partial - 1) : c);
      for (let c = 0; c < 4; c++) b += `vec4 nd${c} = neuronTexel(${n0} + ${clampC(c)});\n`;
      b += 'vec4 zc = vec4(nd0.x, nd1.x, nd2.x, nd3.x);\n';
      b += 'vec4 alpha = vec4(nd0.y, nd1.y, nd2.y, nd3.y);\n';
      if (l === 0) {
        b += 'vec4 da = vec4(nd0.z, nd1.z, nd2.z, nd3.z);\nvec4 db = vec4(nd0.w, nd1.w, nd2.w, nd3.w);\n';
        b += each((p) => `vec4 dz${p} = da * u${p} + db * v${p};\n`);
        if (tangent) b += each((p) => `vec4 ts${p} = da;\nvec4 tt${p} = db;\n`);
      } else if (chunked) {
        // The sums accumulated by chunkCode in the output arrays.
        b += each((p) => `vec4 dz${p} = ${hout}${p}[${g}];\n`);
        if (tangent) b += each((p) => `vec4 ts${p} = ${sout}${p}[${g}];\nvec4 tt${p} = ${tout}${p}[${g}];\n`);
      } else {
        b += each((p) => `vec4 dz${p} = vec4(0.0);\n`);
        if (tangent) b += each((p) => `vec4 ts${p} = vec4(0.0);\nvec4 tt${p} = vec4(0.0);\n`);
        b += `int base = ${baseTexel} + ${4 * rt} * ${g};\n`;
        const rows = [0, 1, 2, 3].map((c) => `base + ${clampC(c) * rt}`);
        const step = (i: string) => {
          let t = '{\n';
          for (let c = 0; c < 4; c++) t += `vec4 w${c} = weightTexel(${rows[c]} + ${i});\n`;
          const dots = (x: string) => `vec4(dot(w0, ${x}), dot(w1, ${x}), dot(w2, ${x}), dot(w3, ${x}))`;
          t += each((p) => `dz${p} += ${dots(`${hin}${p}[${i}]`)};\n`);
          if (tangent) {
            t += each(
              (p) => `ts${p} += ${dots(`${sin}${p}[${i}]`)};\ntt${p} += ${dots(`${tin}${p}[${i}]`)};\n`,
            );
          }
          return `${t}}\n`;
        };
        if (unrollInputs) for (let i = 0; i < rt; i++) b += step(String(i));
        else b += `for (int i4 = 0; i4 < ${rt}; i4++) ${step('i4')}`;
      }
      b += stateCode(P.activation, 'c', 'zc', 'alpha');
      const valid = partial > 0 ? [0, 1, 2, 3].map((c) => (c < partial ? 1 : 0)) : null;
      const validF = valid ? `vec4(${valid.map(fl).join(', ')})` : '';
      if (P.activation !== ACT.linear) {
        b += `ivec4 nv = ivec4(${n0}) + ivec4(0, 1, 2, 3);\n`;
        // The keys (engine neuronKey n * 4 + s) of the non-zero states, hashed once for all the pixels and
        // masked (all ones or zero) by whether the neuron is hashed and valid.
        b += `uvec4 hm = uvec4(0) - uvec4(lessThan(nv, ivec4(uHashNeurons)))${valid ? ` * uvec4(${valid.join('u, ')}u)` : ''};\n`;
        for (const st of P.activation === ACT.hardtanh ? [1, 2] : [1]) {
          b += `uvec4 key${st} = uvec4(nv * HASH_KEY_STATES + ${st});\n`;
          b += `uvec4 kl${st} = hash32v(key${st}) & hm;\nuvec4 kh${st} = hash32v((key${st} ^ HASH_HI_XOR) + HASH_HI_ADD) & hm;\n`;
        }
      }
      b += each((p) => {
        let e = '{\n';
        e += `vec4 z = zc + dz${p};\n`;
        e += stateCode(P.activation, '', 'z', 'alpha');
        if (tangent && P.activation !== ACT.linear) e += complexityCode(P.activation, p, validF);
        e += `vec4 dh = sl * dz${p} + (sl - csl) * zc + (ic - cic);\n`;
        if (tangent) e += `ts${p} *= sl;\ntt${p} *= sl;\n`;
        if (valid) {
          e += `dh *= ${validF};\n`;
          if (tangent) e += `ts${p} *= ${validF};\ntt${p} *= ${validF};\n`;
        }
        e += `${hout}${p}[${g}] = dh;\n`;
        if (tangent) e += `${sout}${p}[${g}] = ts${p};\n${tout}${p}[${g}] = tt${p};\n`;
        if (P.activation !== ACT.linear) {
          // The keys of the neurons in their state (none in state 0).
          if (P.activation === ACT.hardtanh) {
            e +=
              'uvec4 m1 = uvec4(0) - uvec4(equal(s, ivec4(1)));\nuvec4 m2 = uvec4(0) - uvec4(equal(s, ivec4(2)));\n';
            e += 'uvec4 kl = (kl1 & m1) | (kl2 & m2);\nuvec4 kh = (kh1 & m1) | (kh2 & m2);\n';
          } else {
            e += 'uvec4 m1 = uvec4(0) - uvec4(s);\nuvec4 kl = kl1 & m1;\nuvec4 kh = kh1 & m1;\n';
          }
          e += `lo${p} ^= (kl.x ^ kl.y) ^ (kl.z ^ kl.w);\nhi${p} ^= (kh.x ^ kh.y) ^ (kh.z ^ kh.w);\n`;
          e += '#if CHANNEL == 0\n';
          e += `ivec4 ps = ivec4(equal(nv, ivec4(uProbe))) * s${valid ? ` * ivec4(${valid.join(', ')})` : ''};\n`;
          e += `probeState${p} += (ps.x + ps.y) + (ps.z + ps.w);\n#endif\n`;
        }
        if (last) {
          e += 'vec4 fv = sl * z + ic;\n';
          const cs = partial > 0 ? partial : 4;
          e += `for (int c = 0; c < ${cs}; c++) {\n  int j = 4 * ${g} + c;\n  float f = fv[c];\n`;
          e += `  if (j == uOutput || (uOutput < 0 && j == 0)) {\n    outValue${p} = f;\n`;
          if (tangent) e += `    gradNorm${p} = length(vec2(ts${p}[c], tt${p}[c]));\n`;
          e += `  }\n  if (f > best${p}) {\n    second${p} = best${p};\n    best${p} = f;\n    bestIndex${p} = j;\n  } else if (f > second${p}) {\n    second${p} = f;\n  }\n}\n`;
        }
        return `${e}}\n`;
      });
      return b;
    };
    const partial = out % 4;
    const full = partial > 0 ? groups - 1 : groups;
    let code = chunked ? chunkCode() : '';
    if (unrollGroups) {
      for (let g = 0; g < full; g++) code += `{\nconst int g = ${g};\n${body('g', 0)}}\n`;
    } else if (full > 0) {
      code += `for (int g = 0; g < ${full}; g++) {\n${body('g', 0)}}\n`;
    }
    if (partial > 0) code += `{\nconst int g = ${groups - 1};\n${body('g', partial)}}\n`;
    src += `// layer ${l}${run > 1 ? ` (and the ${run - 1} after it)` : ''}: ${P.inDim} -> ${out}, activation ${P.activation}\n`;
    if (run > 1) {
      // Back into the input array for the next pass of the loop.
      const move = (k: string) =>
        each(
          (p) =>
            `${hin}${p}[${k}] = ${hout}${p}[${k}];\n` +
            (tangent ? `${sin}${p}[${k}] = ${sout}${p}[${k}];\n${tin}${p}[${k}] = ${tout}${p}[${k}];\n` : ''),
        );
      let copy = '';
      if (groups <= 16) for (let g = 0; g < groups; g++) copy += move(String(g));
      else copy = `for (int k = 0; k < ${groups}; k++) {\n${move('k')}}\n`;
      src += `for (int r = 0; r < ${run}; r++) {\n${code}${copy}}\n`;
    } else {
      src += code;
      cur = 1 - cur;
    }
    l += run;
  }
  // The margin (top-1 minus top-2 output) takes the output's place in the margin channel and display value.
  src += `#if CHANNEL == 7 || VALUE == 4\n${each((p) => `outValue${p} = best${p} - second${p};\n`)}#endif\n`;
  // The local complexity does the same for its channel and display value.
  src += `#if CHANNEL == 8 || VALUE == 5\n${each((p) => `outValue${p} = lcCount${p};\n`)}#endif\n`;
  return src;
}

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
  plan: UnrollPlan = UNROLL,
  pixels = 1,
): string {
  const tangent =
    channel === 'gradient' ||
    channel === 'complexity' ||
    (channel === 'display' && (value === 'gradient' || value === 'complexity'));
  return (
    HEADER +
    `#define NL ${packed.layers.length}\n#define MAXW4 ${Math.ceil(packed.maxWidth / 4)}\n` +
    `#define CHANNEL ${CHANNELS[channel]}\n#define VALUE ${channel === 'display' ? DISPLAY_VALUES[value] : 0}\n` +
    `#define TANGENT ${tangent ? 1 : 0}\n#define WEIGHTS_UBO ${uniformBlockTexels}\n#define PIXELS ${pixels}\n` +
    HASH_DEFINES +
    hashGlsl +
    networkGlsl.replace('LAYERS\n', networkLayersSource(packed, tangent, plan, pixels))
  );
}

/** Composite modes of composite.frag.glsl. */
export const COMPOSITE_MODES = {
  regions: 0,
  gradient: 1,
  output: 2,
  argmax: 3,
  margin: 4,
  complexity: 5,
} as const;
/** One composite mode name. */
export type CompositeMode = keyof typeof COMPOSITE_MODES;

/**
 * The composite fragment shader for one colour mode, reading display words packed `pixels` per texel
 * (1: an RGBA8 texture, one word per pixel; 2 or 4: an RGBA32UI texture on texture unit 0; 8: two, on units
 * 0 and 1, pixels 0..3 and 4..7), coloured in `palette` (default: 'default').
 */
export function compositeFragmentSource(
  mode: CompositeMode,
  pixels = 1,
  palette: PaletteName = 'default',
): string {
  return `${HEADER}#define MODE ${COMPOSITE_MODES[mode]}\n#define PIXELS ${pixels}\n#define MAX_LINE ${MAX_LINE_PIXELS}\n${paletteGlsl(palette)}${compositeGlsl}`;
}
