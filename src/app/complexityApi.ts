/**
 * The local-complexity part of the scripting API: set the radius, read the GPU's per-pixel counts, and the
 * engine's means over the view and over the data (for charts over training). See engine/complexity.ts.
 */
import { COMPLEXITY_UNITS, type ComplexityUnit } from '../state/colourMode.ts';
import type { App } from './app.ts';
import { complexityMeans, complexityRadius } from './complexity.ts';

/** What {@link ComplexityApi.localComplexity} reports. */
export interface LocalComplexityReport {
  /** The radius as set, and its units. */
  radius: number;
  units: ComplexityUnit;
  /** The radius in (s, t) plane units used by the GPU and the engine. */
  planeRadius: number;
  /** The mean local complexity over the view (engine, 32 x 32 pixel centres). */
  view: number;
  /** The mean over the data points at their projections, or null without data. */
  data: number | null;
}

/** The local-complexity methods of `window.reluOrigami`. */
export interface ComplexityApi {
  /** Set the radius of the complexity mode: `radius` > 0 in 'pixels' (CSS pixels of the map) or 'plane' units. */
  setComplexityRadius(radius: number, units: ComplexityUnit): Promise<void>;
  /** The GPU's local complexity per pixel of the drawing buffer (row 0 at the top), at the current radius. */
  readComplexity(): Promise<Float32Array>;
  /** The engine's mean local complexity over the view and over the data, at the current radius. */
  localComplexity(): Promise<LocalComplexityReport>;
}

/** Build the local-complexity methods of the API for `app`. */
export function createComplexityApi(app: App): ComplexityApi {
  const radius = () => complexityRadius(app.state, app.renderer.canvas.clientWidth);
  return {
    setComplexityRadius(r, units) {
      if (!(typeof r === 'number' && r > 0 && Number.isFinite(r)))
        return Promise.reject(
          new Error(`setComplexityRadius: the radius must be a positive number, not ${r}`),
        );
      if (!(COMPLEXITY_UNITS as readonly string[]).includes(units))
        return Promise.reject(new Error(`setComplexityRadius: units must be pixels or plane, not ${units}`));
      const ok = app.update((s) => {
        s.lcRadius = r;
        s.lcUnits = units;
      });
      return ok ? Promise.resolve() : Promise.reject(new Error('the radius could not be applied'));
    },
    async readComplexity() {
      const { width, height } = app.renderer.canvas;
      const words = await app.renderer.readWordsAsync('complexity', width, height, 0, 0, radius());
      const err = app.renderer.glError();
      if (err) throw new Error(`WebGL error: ${err}`);
      return new Float32Array(words.buffer);
    },
    localComplexity() {
      const m = complexityMeans(app.net, app.map, app.state, radius(), app.data.get());
      return Promise.resolve({
        radius: app.state.lcRadius,
        units: app.state.lcUnits,
        planeRadius: m.radius,
        view: m.view,
        data: m.data,
      });
    },
  };
}
