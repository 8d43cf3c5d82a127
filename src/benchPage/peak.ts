/**
 * The fragment-shader FMA peak of this device: a full-screen pass of shaders/fma-peak.frag.glsl (8
 * independent vec4 multiply-add chains) on its own WebGL2 context, timed with a readPixels after each draw.
 * FMA/s = pixels x iterations x UNROLL x 8 x 4 / seconds.
 */
import peakFrag from '../../shaders/fma-peak.frag.glsl?raw';
import fullscreenVert from '../../shaders/fullscreen.vert.glsl?raw';
import { median, timeRuns } from './timing.ts';

/** Multiply-add steps of the 8 chains per loop iteration of the peak shader. */
export const PEAK_UNROLL = 8;

/** FMAs per fragment per loop iteration: UNROLL steps x 8 chains x 4 lanes. */
export const FMA_PER_ITERATION = PEAK_UNROLL * 8 * 4;

/** The result of {@link measurePeak}. */
export interface PeakResult {
  /** Fragments per draw (side^2). */
  pixels: number;
  /** Loop iterations per fragment. */
  iterations: number;
  /** Median seconds of one draw (readPixels included). */
  seconds: number;
  /** FMAs per second (each a vec4 lane's multiply-add), from the median draw. */
  fmaPerSecond: number;
  /** FMAs per second of the fastest draw (less sensitive to other work on a shared machine). */
  bestFmaPerSecond: number;
}

function compile(gl: WebGL2RenderingContext, type: GLenum, source: string): WebGLShader {
  const sh = gl.createShader(type)!;
  gl.shaderSource(sh, source);
  gl.compileShader(sh);
  if (!gl.getShaderParameter(sh, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(sh) ?? 'compile');
  return sh;
}

/**
 * Measure the FMA peak on `gl` into a side x side RGBA8 target: the iteration count is calibrated until one
 * draw takes about `drawSeconds`, then the median of `repeats` draws is taken (after a warm-up).
 * Throws when the shader does not compile or the context is lost; leaves the context otherwise clean
 * (its own program, buffer and framebuffer deleted).
 */
export function measurePeak(
  gl: WebGL2RenderingContext,
  side: number,
  drawSeconds: number,
  repeats: number,
  now: () => number,
): PeakResult {
  const program = gl.createProgram()!;
  const head = `#version 300 es\nprecision highp float;\nprecision highp int;\n#define UNROLL ${PEAK_UNROLL}\n`;
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, fullscreenVert));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, head + peakFrag));
  gl.bindAttribLocation(program, 0, 'position');
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(gl.getProgramInfoLog(program) ?? 'link');
  gl.useProgram(program);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(
    gl.ARRAY_BUFFER,
    new Float32Array([-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1]),
    gl.STATIC_DRAW,
  );
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  const texture = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, side, side);
  const fbo = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  gl.viewport(0, 0, side, side);
  gl.uniform4f(gl.getUniformLocation(program, 'uMul'), 0.999, 0.998, 0.997, 0.996);
  gl.uniform4f(gl.getUniformLocation(program, 'uAdd'), 0.001, 0.002, 0.003, 0.004);
  const iterLoc = gl.getUniformLocation(program, 'uIterations');
  const pixel = new Uint8Array(4);
  let iterations = 4;
  const draw = () => {
    gl.uniform1i(iterLoc, iterations);
    gl.drawArrays(gl.TRIANGLES, 0, 6);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  };
  draw(); // compile and link for real
  // Calibrate: scale the iteration count (at most 16-fold a round) until the fastest of two draws takes
  // about drawSeconds; a small count's time is mostly overhead, hence the rounds.
  for (let round = 0; round < 6; round++) {
    const t = Math.min(...timeRuns(draw, 0, 2, now));
    const target = (iterations * drawSeconds) / Math.max(t, 1e-4);
    const next = Math.max(1, Math.min(1 << 20, 16 * iterations, Math.round(target)));
    const settled = Math.abs(next / iterations - 1) < 0.25;
    iterations = next;
    if (settled) break;
  }
  const times = timeRuns(draw, 1, repeats, now);
  const seconds = median(times);
  if (gl.isContextLost()) throw new Error('the WebGL context was lost during the peak measurement');
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(fbo);
  gl.deleteTexture(texture);
  gl.deleteBuffer(buffer);
  gl.deleteProgram(program);
  const pixels = side * side;
  const fma = pixels * iterations * FMA_PER_ITERATION;
  return {
    pixels,
    iterations,
    seconds,
    fmaPerSecond: fma / seconds,
    bestFmaPerSecond: fma / Math.min(...times),
  };
}
