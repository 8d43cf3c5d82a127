/**
 * The display options of the App's state for the renderer, kept in one object updated in place, with the
 * end of the colour scale (engine/range.ts, or the local-complexity range) cached until the mode, output,
 * radius, view or network changes: computing it samples the network, so it is not redone every frame.
 */
import type { Network } from '../engine/model.ts';
import type { PlaneMap } from '../engine/plane.ts';
import type { DisplayOptions } from '../render/mapRenderer.ts';
import type { AppState } from '../state/appState.ts';
import { complexityRadius, displayScale } from './complexity.ts';

/** The neuron (layer, index) of `net` as one index over all its neurons, layer by layer. */
export function neuronIndexOf(net: Network, layer: number, index: number): number {
  let k = 0;
  for (let l = 0; l < layer; l++) k += net.layers[l]!.outDim;
  return k + index;
}

/** Display options of a state, with their colour-scale end cached (see the file comment). */
export class DisplayCache {
  private key = '';
  private range = 1;
  private net: Network | null = null;
  private readonly options: DisplayOptions = {
    mode: 'regions',
    layer: 1,
    output: 0,
    probe: -1,
    boundaries: true,
    range: 1,
    lcRadius: 0,
  };

  /** Forget the cached colour-scale end (the network's weights changed under the same state). */
  forget(): void {
    this.key = '';
  }

  /**
   * The display options of `s` drawn with `net` through `map`, on a map `cssWidth` CSS pixels wide (for a
   * local-complexity radius given in pixels). The same object is returned each time: copy it to keep it.
   */
  of(s: AppState, net: Network, map: PlaneMap, cssWidth: number): DisplayOptions {
    let range = 1;
    const lcRadius = complexityRadius(s, cssWidth);
    if (s.mode === 'gradient' || s.mode === 'output' || s.mode === 'margin' || s.mode === 'complexity') {
      const key = `${s.mode}|${s.output}|${lcRadius}|${JSON.stringify(s.view)}|${s.model}|${JSON.stringify(s.architecture)}`;
      if (key !== this.key || this.net !== net) {
        this.range = displayScale(net, map, s, lcRadius);
        this.key = key;
        this.net = net;
      }
      range = this.range;
    }
    const d = this.options;
    d.mode = s.mode;
    d.layer = s.layer;
    d.output = s.output;
    d.probe = s.probe ? neuronIndexOf(net, s.probe[0], s.probe[1]) : -1;
    d.boundaries = s.boundaries;
    d.range = range;
    d.lcRadius = lcRadius;
    d.palette = s.look.palette;
    return d;
  }
}
