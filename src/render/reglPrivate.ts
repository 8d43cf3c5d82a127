/**
 * The only place that reads regl's private fields: the WebGL objects behind a regl texture and framebuffer,
 * and regl's state refresh after raw GL calls. regl has no public API for these; if a regl release renames
 * them, these functions throw a message naming the field instead of failing later inside GL.
 */
import type { Framebuffer2D, Regl, Texture2D } from 'regl';

/** The WebGL texture behind a regl texture (regl's private `_texture.texture`). */
export function textureHandle(tex: Texture2D): WebGLTexture {
  const handle = (tex as unknown as { _texture?: { texture?: WebGLTexture } })._texture?.texture;
  if (!handle) throw new Error('regl texture without _texture.texture');
  return handle;
}

/** The WebGL texture of colour attachment 0 of a regl framebuffer (its `color[0]`'s private texture). */
export function colourTextureHandle(fbo: Framebuffer2D): WebGLTexture {
  const colour = (fbo as unknown as { color?: Texture2D[] }).color?.[0];
  if (!colour) throw new Error('regl framebuffer without a colour attachment');
  return textureHandle(colour);
}

/** The WebGL framebuffer behind a regl framebuffer (regl's private `_framebuffer.framebuffer`). */
export function framebufferHandle(fbo: Framebuffer2D): WebGLFramebuffer {
  const handle = (fbo as unknown as { _framebuffer?: { framebuffer?: WebGLFramebuffer } })._framebuffer
    ?.framebuffer;
  if (!handle) throw new Error('regl framebuffer without _framebuffer.framebuffer');
  return handle;
}

/** Make regl forget the GL state it cached, after raw GL calls changed bindings behind its back. */
export function refreshRegl(regl: Regl): void {
  regl._refresh();
}
