/**
 * The copy of a reduced frame onto the canvas. A frame at 1/r resolution is coloured at its own size (the
 * composite's neighbour tests then run once per data pixel, not once per canvas pixel: on a software
 * rasteriser the composite over the whole canvas cost more than the network pass of a small frame), and
 * this pass spreads that image over the canvas, each canvas pixel taking the data pixel the composite would
 * have read for it (shaders/upscale.frag.glsl), so the picture is unchanged.
 */
import type { Buffer, DefaultContext, DrawCommand, Framebuffer2D, Regl } from 'regl';
import upscaleGlsl from '../../shaders/upscale.frag.glsl?raw';
import { FULLSCREEN_VERT } from './programs.ts';

/** The props of one copy: the colour image (`width` x `height`) and the canvas size. */
export interface UpscaleProps {
  colour: Framebuffer2D;
  dataSize: number[];
  targetSize: number[];
  viewport: { x: number; y: number; width: number; height: number };
}

/** A regl command copying `colour` onto the canvas (nearest, the composite's pixel mapping). */
export function upscaleCommand(regl: Regl): DrawCommand<DefaultContext, UpscaleProps> {
  const p = <K extends keyof UpscaleProps>(k: K) => regl.prop<UpscaleProps, K>(k);
  return regl<
    { uColour: Framebuffer2D; uDataSize: number[]; uTargetSize: number[] },
    { position: { buffer: Buffer; size: number } },
    UpscaleProps
  >({
    vert: FULLSCREEN_VERT,
    frag: `#version 300 es\n${upscaleGlsl}`,
    attributes: { position: { buffer: regl.buffer([-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1]), size: 2 } },
    uniforms: { uColour: p('colour'), uDataSize: p('dataSize'), uTargetSize: p('targetSize') },
    framebuffer: null,
    viewport: p('viewport'),
    depth: { enable: false },
    count: 6,
  });
}
