/**
 * The upload benchmark: how long `Renderer.setNetwork` takes for a network of about a million parameters
 * once its programs are compiled (a second network of the same architecture reuses them), split into its
 * parts: packing on the CPU (engine/pack.ts), the weight-texture upload, the per-view neuron texture, and
 * the one-pixel check that setNetwork runs after installing the network.
 */
import { parameterCount } from '../engine/model.ts';
import { packNetwork, packView, VIEW_TEXTURE_WIDTH, viewTextureRows } from '../engine/pack.ts';
import { uploadFloatTexture } from '../render/gl2.ts';
import type { Renderer } from '../render/renderer.ts';
import { BENCH_WINDOW, benchNetwork, setBenchView } from './network.ts';
import { median, timeMs } from './timing.ts';

/** The upload network: 2 -> 448 x 6 -> 1, 1,007,553 parameters (weights and biases). */
export const UPLOAD_WIDTH = 448;
/** Hidden layers of the upload network. */
export const UPLOAD_DEPTH = 6;

/** The flat figures of the upload benchmark (milliseconds are medians of `repeats` runs). */
export interface UploadFigures {
  /** Hidden width. */
  W: number;
  /** Hidden layers. */
  L: number;
  /** Weights and biases. */
  parameters: number;
  /** Where setNetwork put the weights: 'uniform block' or 'texture'. */
  weights: string;
  /** Bytes of the packed weight array (RGBA32F texels, padded to whole texture rows). */
  weightBytes: number;
  /** Timed runs of each part. */
  repeats: number;
  /** packNetwork alone (CPU; allocates the packed array). */
  packMs: number;
  /** The weight texture upload as setNetwork does it (gl2.ts uploadFloatTexture: texImage2D), then a sync. */
  uploadMs: number;
  /** The same bytes into existing RGBA32F storage (texStorage2D once, texSubImage2D per upload), then a sync. */
  subUploadMs: number;
  /** The per-view part setNetwork repeats (packView into a kept array, neuron texture upload), then a sync. */
  viewMs: number;
  /** A bare sync: renderer.finish() (a one-pixel readPixels of the canvas); included in the three above. */
  syncMs: number;
  /** The same one-pixel read with raw GL and a kept buffer (finish() builds a regl command per call). */
  rawSyncMs: number;
  /** What setNetwork's check costs beyond the upload: checkDisplayMs + checkWordsMs. */
  checkMs: number;
  /** Its display part: a one-pixel display pass and a one-pixel read (renderer.evaluateOffscreen(1, 1)). */
  checkDisplayMs: number;
  /** Its readback part: renderer.readIdWords(1, 1) (a one-pixel words pass and read) and getError. */
  checkWordsMs: number;
  /** renderer.setNetwork(net) then finish(), programs already compiled: the whole cost the user waits for. */
  totalMs: number;
  /** The first setNetwork of this architecture (compiles its programs), then finish(). */
  firstMs: number;
  /** The target: totalMs under 5 ms. */
  under5ms: boolean;
}

/**
 * Measure the upload of UPLOAD_WIDTH x UPLOAD_DEPTH networks (seeds 1..repeats + 1, He initialisation) into
 * `renderer`, with the benchmark window as the view. Leaves the last network installed. Returns an error
 * message when the renderer refuses the network.
 */
export function measureUpload(
  renderer: Renderer,
  repeats: number,
  now: () => number,
): UploadFigures | string {
  const map = setBenchView(renderer);
  if (typeof map === 'string') return map;
  const { regl, gl } = renderer;
  const nets = Array.from({ length: repeats + 1 }, (_, i) => benchNetwork(UPLOAD_WIDTH, UPLOAD_DEPTH, i + 1));
  const first = nets[0]!;
  let err: string | null = null;
  const firstMs = timeMs(() => {
    err = renderer.setNetwork(first);
    renderer.finish();
  }, now);
  if (err) return err;
  const weights = renderer.weightLocation;

  const packTimes: number[] = [];
  const uploadTimes: number[] = [];
  const subTimes: number[] = [];
  const viewTimes: number[] = [];
  const syncTimes: number[] = [];
  const rawSyncTimes: number[] = [];
  const checkTimes: number[] = [];
  const checkDisplayTimes: number[] = [];
  const checkWordsTimes: number[] = [];
  const totalTimes: number[] = [];
  const scratch = regl.texture({ width: 1, height: 1 });
  const scratchNeurons = regl.texture({ width: 1, height: 1 });
  const sub = gl.createTexture();
  const pixel = new Uint8Array(4);
  const rawSync = () => {
    const bound = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    gl.bindFramebuffer(gl.FRAMEBUFFER, bound);
  };
  const packedFirst = packNetwork(first);
  const { textureWidth: tw, textureHeight: th } = packedFirst;
  gl.bindTexture(gl.TEXTURE_2D, sub);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, tw, th);
  gl.bindTexture(gl.TEXTURE_2D, null);
  regl._refresh();
  const rows = viewTextureRows(packedFirst.neuronCount);
  let viewData: Float32Array = new Float32Array(VIEW_TEXTURE_WIDTH * rows * 4);
  const centre: [number, number] = [
    (BENCH_WINDOW.x0 + BENCH_WINDOW.x1) / 2,
    (BENCH_WINDOW.y0 + BENCH_WINDOW.y1) / 2,
  ];
  try {
    for (let i = 1; i <= repeats; i++) {
      const net = nets[i]!;
      let packed = packedFirst;
      packTimes.push(
        timeMs(() => {
          packed = packNetwork(net);
        }, now),
      );
      uploadTimes.push(
        timeMs(() => {
          uploadFloatTexture(regl, gl, scratch, tw, th, packed.weights);
          renderer.finish();
        }, now),
      );
      subTimes.push(
        timeMs(() => {
          gl.bindTexture(gl.TEXTURE_2D, sub);
          gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
          gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, tw, th, gl.RGBA, gl.FLOAT, packed.weights, 0);
          gl.bindTexture(gl.TEXTURE_2D, null);
          regl._refresh();
          renderer.finish();
        }, now),
      );
      viewTimes.push(
        timeMs(() => {
          viewData = packView(net, map, centre, viewData);
          uploadFloatTexture(regl, gl, scratchNeurons, VIEW_TEXTURE_WIDTH, rows, viewData);
          renderer.finish();
        }, now),
      );
      syncTimes.push(timeMs(() => renderer.finish(), now));
      rawSyncTimes.push(timeMs(rawSync, now));
      totalTimes.push(
        timeMs(() => {
          err = renderer.setNetwork(net);
          renderer.finish();
        }, now),
      );
      if (err) return err;
      const display = timeMs(() => renderer.evaluateOffscreen(1, 1), now);
      const words = timeMs(() => {
        renderer.readIdWords(1, 1);
        err = renderer.glError();
      }, now);
      if (err) return err;
      checkDisplayTimes.push(display);
      checkWordsTimes.push(words);
      checkTimes.push(display + words);
    }
  } finally {
    scratch.destroy();
    scratchNeurons.destroy();
    gl.deleteTexture(sub);
    regl._refresh();
  }
  const totalMs = median(totalTimes);
  return {
    W: UPLOAD_WIDTH,
    L: UPLOAD_DEPTH,
    parameters: parameterCount(first),
    weights,
    weightBytes: packedFirst.weights.byteLength,
    repeats,
    packMs: median(packTimes),
    uploadMs: median(uploadTimes),
    subUploadMs: median(subTimes),
    viewMs: median(viewTimes),
    syncMs: median(syncTimes),
    rawSyncMs: median(rawSyncTimes),
    checkMs: median(checkTimes),
    checkDisplayMs: median(checkDisplayTimes),
    checkWordsMs: median(checkWordsTimes),
    totalMs,
    firstMs,
    under5ms: totalMs < 5,
  };
}
