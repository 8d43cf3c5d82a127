/**
 * reglPrivate.ts reads regl's private fields: the handles come from where regl keeps them (objects shaped
 * as regl 2's texture and framebuffer wrappers), and a wrapper without them is a named error.
 */
import type { Framebuffer2D, Regl, Texture2D } from 'regl';
import { expect, it } from 'vitest';
import {
  colourTextureHandle,
  framebufferHandle,
  refreshRegl,
  textureHandle,
} from '../../src/render/reglPrivate.ts';

const glTexture = { name: 'gl texture' } as unknown as WebGLTexture;
const glFramebuffer = { name: 'gl framebuffer' } as unknown as WebGLFramebuffer;
const texture = { _texture: { texture: glTexture } } as unknown as Texture2D;
const fbo = { color: [texture], _framebuffer: { framebuffer: glFramebuffer } } as unknown as Framebuffer2D;

it('returns the WebGL objects behind regl wrappers', () => {
  expect(textureHandle(texture)).toBe(glTexture);
  expect(colourTextureHandle(fbo)).toBe(glTexture);
  expect(framebufferHandle(fbo)).toBe(glFramebuffer);
});

it('names the missing field of a wrapper it cannot read', () => {
  expect(() => textureHandle({} as Texture2D)).toThrow(/_texture\.texture/);
  expect(() => colourTextureHandle({ color: [] } as unknown as Framebuffer2D)).toThrow(/colour attachment/);
  expect(() => framebufferHandle({} as Framebuffer2D)).toThrow(/_framebuffer\.framebuffer/);
});

it('refreshes regl through its _refresh', () => {
  let calls = 0;
  refreshRegl({ _refresh: () => void calls++ } as unknown as Regl);
  expect(calls).toBe(1);
});
