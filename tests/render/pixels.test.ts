import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { packNetwork } from '../../src/engine/pack.ts';
import { choosePixels, mostPixels, PIXEL_FLOATS } from '../../src/render/renderer.ts';

const packedOf = (width: number) =>
  packNetwork(initNetwork({ widths: [2, width, width, 1], activation: 'relu', seed: 1 }));

describe('choosePixels', () => {
  it('gives SwiftShader 4 pixels up to 512 wide, 2 to 1024, then 1; a third of that with tangents', () => {
    const sw = PIXEL_FLOATS.swiftShader;
    expect([16, 64, 512, 513, 1024, 1025, 4096].map((w) => choosePixels(packedOf(w), false, sw))).toEqual([
      4, 4, 4, 2, 2, 1, 1,
    ]);
    expect([16, 170, 171, 341, 342].map((w) => choosePixels(packedOf(w), true, sw))).toEqual([4, 4, 2, 2, 1]);
  });

  it("keeps a GPU fragment's activations within registers: 4 pixels to 16 wide, 2 to 32, then 1", () => {
    const gpu = PIXEL_FLOATS.gpu;
    expect([8, 16, 17, 32, 33, 64, 512].map((w) => choosePixels(packedOf(w), false, gpu))).toEqual([
      4, 4, 2, 2, 1, 1, 1,
    ]);
    expect([5, 6, 10, 11].map((w) => choosePixels(packedOf(w), true, gpu))).toEqual([4, 2, 2, 1]);
  });
});

describe('choosePixels with 8 pixels allowed', () => {
  it('gives SwiftShader 8 pixels up to 256 wide, then as with 4 at most', () => {
    const sw = PIXEL_FLOATS.swiftShader;
    const widths = [16, 256, 257, 512, 513, 1024, 1025];
    expect(widths.map((w) => choosePixels(packedOf(w), false, sw, 8))).toEqual([8, 8, 4, 4, 2, 2, 1]);
    expect([85, 86, 170, 171].map((w) => choosePixels(packedOf(w), true, sw, 8))).toEqual([8, 4, 4, 2]);
  });

  it('allows 8 pixels only on SwiftShader for layers of 129 to 256', () => {
    const sw = PIXEL_FLOATS.swiftShader;
    const auto = (w: number, tangent = false, swiftShader = true) =>
      choosePixels(packedOf(w), tangent, swiftShader ? sw : PIXEL_FLOATS.gpu, mostPixels(swiftShader, w));
    expect([16, 128, 129, 256, 257, 512, 1024].map((w) => auto(w))).toEqual([4, 4, 8, 8, 4, 4, 2]);
    expect([129, 256].map((w) => auto(w, true))).toEqual([4, 2]);
    expect([16, 256].map((w) => auto(w, false, false))).toEqual([4, 1]);
  });
});
