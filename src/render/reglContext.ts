/**
 * The patches that let regl drive this renderer's WebGL2 programs: regl 2 was written for WebGL1 and knows
 * neither uniform blocks nor integer samplers. Each patch wraps methods of one context object (never the
 * prototype), so other contexts on the page are untouched. Tested with a fake context in
 * tests/render/reglContext.test.ts.
 */

/**
 * Hide the members of uniform blocks and the unsigned-integer samplers from regl: regl enumerates a program's
 * active uniforms and demands a value for each, but block members are set through the block's buffer (see
 * {@link uploadUniformBlock}) and regl cannot bind an integer sampler (the renderer binds it itself).
 * Patches `getProgramParameter(ACTIVE_UNIFORMS)` and `getActiveUniform` on this context object only.
 */
export function hideBlockUniforms(gl: WebGL2RenderingContext): void {
  // A restored context is the same object: patched once (a second wrap would filter the filtered list).
  if (patched(gl, 'hideBlockUniforms')) return;
  const getParam = gl.getProgramParameter.bind(gl);
  const getActive = gl.getActiveUniform.bind(gl);
  const plain = new WeakMap<WebGLProgram, number[]>();
  const plainUniforms = (program: WebGLProgram): number[] => {
    let list = plain.get(program);
    if (!list) {
      const n = getParam(program, gl.ACTIVE_UNIFORMS) as number;
      const all = Array.from({ length: n }, (_, i) => i);
      const blocks = n > 0 ? (gl.getActiveUniforms(program, all, gl.UNIFORM_BLOCK_INDEX) as number[]) : [];
      // regl knows no integer samplers either: those are bound by hand (renderer.ts, texture unit 0).
      list = all.filter(
        (i) => blocks[i] === -1 && getActive(program, i)?.type !== gl.UNSIGNED_INT_SAMPLER_2D,
      );
      plain.set(program, list);
    }
    return list;
  };
  gl.getProgramParameter = (program: WebGLProgram, pname: GLenum) =>
    pname === gl.ACTIVE_UNIFORMS ? plainUniforms(program).length : getParam(program, pname);
  gl.getActiveUniform = (program: WebGLProgram, index: GLuint) =>
    getActive(program, plainUniforms(program)[index] ?? index);
}

/**
 * Point the second integer sampler of the 8-pixel composite (uniform `uDataWords1`) at texture unit 1 as each
 * program is linked (GLSL ES 3.00 has no binding layout; a sampler starts at unit 0, where `uDataWords`
 * reads, and regl, which cannot see integer samplers, never sets it). Patches `linkProgram` on this context
 * object only.
 */
export function integerSamplerUnits(gl: WebGL2RenderingContext): void {
  if (patched(gl, 'integerSamplerUnits')) return;
  const link = gl.linkProgram.bind(gl);
  gl.linkProgram = (program: WebGLProgram) => {
    link(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) return;
    const loc = gl.getUniformLocation(program, 'uDataWords1');
    if (!loc) return;
    const current = gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram | null;
    gl.useProgram(program);
    gl.uniform1i(loc, 1);
    gl.useProgram(current);
  };
}

/** The patches applied to each context object so far (a renderer made again after a restore reuses it). */
const applied = new WeakMap<WebGL2RenderingContext, Set<string>>();

/** True when `patch` was applied to `gl` before; records it otherwise. */
function patched(gl: WebGL2RenderingContext, patch: string): boolean {
  let set = applied.get(gl);
  if (!set) {
    set = new Set();
    applied.set(gl, set);
  }
  if (set.has(patch)) return true;
  set.add(patch);
  return false;
}

/**
 * Make every network program's fragment shader fail to compile on this context (a `#error` directive is
 * appended to sources that read the per-view neuron texture): the test hook of the CPU fallback
 * (`?gpu-fault=compile`). Patches `shaderSource` on this context object only.
 */
export function breakNetworkPrograms(gl: WebGL2RenderingContext): void {
  if (patched(gl, 'breakNetworkPrograms')) return;
  const source = gl.shaderSource.bind(gl);
  gl.shaderSource = (shader: WebGLShader, text: string) =>
    source(
      shader,
      text.includes('uNeurons') ? `${text}\n#error forced compile failure (gpu-fault=compile)\n` : text,
    );
}
