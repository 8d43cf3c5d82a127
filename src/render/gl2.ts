/**
 * The raw WebGL2 calls that regl 2.1.1 lacks (it is WebGL1-first): context creation, float textures, limits.
 * Every function that touches GL state behind regl's back calls `regl._refresh()` afterwards.
 */
import type { DefaultContext, DrawCommand, Framebuffer2D, Regl, Texture2D } from 'regl';
import { colourTextureHandle, framebufferHandle, refreshRegl, textureHandle } from './reglPrivate.ts';

/** The device limits the renderer respects. */
export interface GpuLimits {
  /** MAX_TEXTURE_SIZE. */
  maxTextureSize: number;
  /** MAX_RENDERBUFFER_SIZE. */
  maxRenderbufferSize: number;
  /** MAX_VIEWPORT_DIMS (smaller of the two). */
  maxViewport: number;
  /** MAX_UNIFORM_BLOCK_SIZE in bytes (at least 16384). */
  maxUniformBlockSize: number;
  /** UNMASKED_RENDERER_WEBGL when available, else RENDERER. */
  renderer: string;
}

/** Create a WebGL2 context for `canvas` (no antialiasing, drawing buffer preserved for readback). */
export function createContext(canvas: HTMLCanvasElement): WebGL2RenderingContext | null {
  return canvas.getContext('webgl2', {
    antialias: false,
    alpha: false,
    depth: false,
    stencil: false,
    premultipliedAlpha: false,
    preserveDrawingBuffer: true,
    powerPreference: 'high-performance',
  });
}

/** Read the limits of `gl`. */
export function readLimits(gl: WebGL2RenderingContext): GpuLimits {
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  const vp = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  return {
    maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    maxRenderbufferSize: gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number,
    maxViewport: Math.min(vp[0] ?? 4096, vp[1] ?? 4096),
    maxUniformBlockSize: gl.getParameter(gl.MAX_UNIFORM_BLOCK_SIZE) as number,
    renderer: String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
  };
}

/**
 * Replace the storage of the regl texture `tex` by an RGBA32F image of width x height texels from `data`
 * (4 floats per texel), with nearest filtering (float textures are not filterable in WebGL2). regl still
 * believes the texture is RGBA8; it only binds it, which is all the shaders need (texelFetch). With
 * `sameSize` (the texture already has RGBA32F storage of width x height) the texels are written into the
 * existing storage, which is faster than reallocating it.
 */
export function uploadFloatTexture(
  regl: Regl,
  gl: WebGL2RenderingContext,
  tex: Texture2D,
  width: number,
  height: number,
  data: Float32Array,
  sameSize = false,
): void {
  const handle = textureHandle(tex);
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, handle);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  if (sameSize) {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA, gl.FLOAT, data, 0);
  } else {
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, width, height, 0, gl.RGBA, gl.FLOAT, data, 0);
  }
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  gl.bindTexture(gl.TEXTURE_2D, null);
  refreshRegl(regl);
}

/**
 * Upload `data` into a uniform buffer (created when `buffer` is null) and bind it to uniform-block binding
 * point 0, where every program's single block reads by default. regl never binds uniform buffers, so the
 * binding survives regl's draws. Returns the buffer.
 */
export function uploadUniformBlock(
  regl: Regl,
  gl: WebGL2RenderingContext,
  buffer: WebGLBuffer | null,
  data: Float32Array,
): WebGLBuffer {
  const buf = buffer ?? gl.createBuffer();
  gl.bindBuffer(gl.UNIFORM_BUFFER, buf);
  // Same size: write into the existing storage rather than reallocating it.
  if (buffer && gl.getBufferParameter(gl.UNIFORM_BUFFER, gl.BUFFER_SIZE) === data.byteLength) {
    gl.bufferSubData(gl.UNIFORM_BUFFER, 0, data);
  } else {
    gl.bufferData(gl.UNIFORM_BUFFER, data, gl.STATIC_DRAW);
  }
  gl.bindBufferBase(gl.UNIFORM_BUFFER, 0, buf);
  gl.bindBuffer(gl.UNIFORM_BUFFER, null);
  refreshRegl(regl);
  return buf;
}

/** The second colour attachments made by {@link makeUintTarget} (regl knows nothing of them). */
const secondAttachments = new WeakMap<Framebuffer2D, WebGLTexture>();

/** Give the texture `tex` RGBA32UI storage of width x height with nearest filtering. */
function uintStorage(gl: WebGL2RenderingContext, tex: WebGLTexture, width: number, height: number): void {
  gl.bindTexture(gl.TEXTURE_2D, tex);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32UI, width, height, 0, gl.RGBA_INTEGER, gl.UNSIGNED_INT, null);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.bindTexture(gl.TEXTURE_2D, null);
}

/**
 * Give the colour texture of the regl framebuffer `fbo` RGBA32UI storage of width x height (regl has no
 * integer formats; it keeps binding the framebuffer, which is all the integer pass needs). With
 * `attachments` = 2 a second RGBA32UI texture of the same size (made here, see {@link fboTexture}) is
 * attached as COLOR_ATTACHMENT1 and both are draw buffers (framebuffer state, kept while regl binds it); with
 * 1 it is detached. Returns an error message when the framebuffer is then incomplete, else null.
 */
export function makeUintTarget(
  regl: Regl,
  gl: WebGL2RenderingContext,
  fbo: Framebuffer2D,
  width: number,
  height: number,
  attachments: 1 | 2 = 1,
): string | null {
  const inner = {
    tex: colourTextureHandle(fbo),
    framebuffer: framebufferHandle(fbo),
  };
  const tex = inner.tex;
  uintStorage(gl, tex, width, height);
  gl.bindFramebuffer(gl.FRAMEBUFFER, inner.framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
  if (attachments === 2) {
    let second = secondAttachments.get(fbo);
    if (!second) {
      second = gl.createTexture();
      secondAttachments.set(fbo, second);
    }
    uintStorage(gl, second, width, height);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT1, gl.TEXTURE_2D, second, 0);
    gl.drawBuffers([gl.COLOR_ATTACHMENT0, gl.COLOR_ATTACHMENT1]);
  } else {
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT1, gl.TEXTURE_2D, null, 0);
    gl.drawBuffers([gl.COLOR_ATTACHMENT0]);
  }
  const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  refreshRegl(regl);
  return status === gl.FRAMEBUFFER_COMPLETE
    ? null
    : `integer render target incomplete (0x${status.toString(16)})`;
}

/**
 * Run the composite `composite` with `props`. With RGBA32UI display words (`first` not null), which regl
 * cannot bind to the composite's integer samplers (see {@link hideBlockUniforms}), `first` is bound to
 * texture unit 0 and `second` (the words of pixels 4..7 of 8 per fragment), when given, to unit 1 before the
 * draw, and `refresh` (regl._refresh) runs after it, so that regl forgets what it believed was bound there.
 */
export function compositeWords<P extends object>(
  gl: WebGL2RenderingContext,
  composite: DrawCommand<DefaultContext, P>,
  props: P,
  first: WebGLTexture | null,
  second: WebGLTexture | null,
  refresh: () => void,
): void {
  if (first) {
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, first);
    if (second) {
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, second);
    }
  }
  composite(props);
  if (first) refresh();
}

/**
 * The WebGL texture behind colour attachment `attachment` of a regl framebuffer (1: the second attachment
 * of {@link makeUintTarget}).
 */
export function fboTexture(fbo: Framebuffer2D, attachment: 0 | 1 = 0): WebGLTexture {
  if (attachment === 1) {
    const second = secondAttachments.get(fbo);
    if (!second) throw new Error('the framebuffer has no second attachment');
    return second;
  }
  return colourTextureHandle(fbo);
}

/**
 * Read width x height RGBA32UI pixels of colour attachment `attachment` of the framebuffer bound now (4 words
 * per pixel, bottom row first) into `out` (a new array when not given; at least 4 x width x height words).
 */
export function readUintPixels(
  gl: WebGL2RenderingContext,
  width: number,
  height: number,
  attachment: 0 | 1 = 0,
  out: Uint32Array = new Uint32Array(4 * width * height),
): Uint32Array {
  if (attachment === 1) gl.readBuffer(gl.COLOR_ATTACHMENT1);
  gl.readPixels(0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, out);
  if (attachment === 1) gl.readBuffer(gl.COLOR_ATTACHMENT0);
  return out;
}

/** Names of the GL errors, for messages. */
export function glErrorName(gl: WebGL2RenderingContext, code: number): string {
  const names: Record<number, string> = {
    [gl.INVALID_ENUM]: 'INVALID_ENUM',
    [gl.INVALID_VALUE]: 'INVALID_VALUE',
    [gl.INVALID_OPERATION]: 'INVALID_OPERATION',
    [gl.INVALID_FRAMEBUFFER_OPERATION]: 'INVALID_FRAMEBUFFER_OPERATION',
    [gl.OUT_OF_MEMORY]: 'OUT_OF_MEMORY',
    [gl.CONTEXT_LOST_WEBGL]: 'CONTEXT_LOST_WEBGL',
  };
  return names[code] ?? `0x${code.toString(16)}`;
}
