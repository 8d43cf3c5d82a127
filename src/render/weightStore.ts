/**
 * Where a packed network's weights live on the GPU: an RGBA32F texture (the default), or a uniform block
 * when asked for and when they fit.
 */
import type { Regl, Texture2D } from 'regl';
import type { PackedNetwork } from '../engine/pack.ts';
import { uploadFloatTexture, uploadUniformBlock } from './gl2.ts';

/** The weight storage of one renderer: a texture and, made on first use, a uniform buffer. */
export class WeightStore {
  /** The RGBA32F weight texture (bound to every network program). */
  readonly texture: Texture2D;
  private block: WebGLBuffer | null = null;
  private size: [number, number] = [0, 0];
  /** Length in vec4s of the uniform block holding the weights, or 0 when they are in the texture. */
  blockTexels = 0;

  /** A store on `regl` / `gl` (the same context) with an empty 1 x 1 texture. */
  constructor(
    private readonly regl: Regl,
    private readonly gl: WebGL2RenderingContext,
  ) {
    this.texture = regl.texture({ width: 1, height: 1, min: 'nearest', mag: 'nearest' });
  }

  /** Where the weights of the last upload live. */
  get location(): 'uniform block' | 'texture' {
    return this.blockTexels > 0 ? 'uniform block' : 'texture';
  }

  /**
   * Upload `packed`'s weights: into the uniform block when `storage` is 'auto' and they fit in
   * `maxBlockBytes`, else into the texture (written in place when its size is unchanged).
   */
  upload(packed: PackedNetwork, storage: 'auto' | 'texture', maxBlockBytes: number): void {
    const texels = Math.max(1, packed.weightTexels);
    this.blockTexels = storage === 'auto' && texels <= Math.floor(maxBlockBytes / 16) ? texels : 0;
    if (this.blockTexels > 0) {
      this.block = uploadUniformBlock(this.regl, this.gl, this.block, packed.weights.subarray(0, 4 * texels));
      return;
    }
    const { textureWidth: w, textureHeight: h, weights } = packed;
    const same = this.size[0] === w && this.size[1] === h;
    uploadFloatTexture(this.regl, this.gl, this.texture, w, h, weights, same);
    this.size = [w, h];
  }
}
