/**
 * The local-complexity colour mode's figures on the App side: the radius in plane units (from the state's
 * radius in pixels or plane units), the end of its colour scale, and the means over the view and over the
 * data that the API reports (engine/complexity.ts computes them in float64).
 */
import {
  localComplexityGrid,
  meanLocalComplexityAtPoints,
  meanLocalComplexityOverView,
} from '../engine/complexity.ts';
import { projectPoints } from '../engine/dataPoints.ts';
import type { Network } from '../engine/model.ts';
import type { PlaneMap } from '../engine/plane.ts';
import { displayRange } from '../engine/range.ts';
import type { AppState } from '../state/appState.ts';
import type { MapData } from './dataStore.ts';

/** Grid side of the samples that set the colour scale's end (the largest count found there, at least 1). */
const RANGE_GRID = 24;

/**
 * The radius of the local-complexity mode in (s, t) plane units: `lcRadius` itself in plane units, or
 * `lcRadius` pixels of a map `cssWidth` CSS pixels wide (measured along s; 1 when the width is unknown).
 */
export function complexityRadius(state: AppState, cssWidth: number): number {
  if (state.lcUnits === 'plane') return state.lcRadius;
  const w = cssWidth > 0 ? cssWidth : 1;
  return (state.lcRadius * (state.view.x1 - state.view.x0)) / w;
}

/**
 * The end of the complexity mode's colour scale: the largest local complexity at the centres of a 24 x 24
 * grid over the view (at least 1), so the scale follows the picture without a readback.
 */
export function complexityRange(net: Network, map: PlaneMap, state: AppState, radius: number): number {
  const g = localComplexityGrid(net, map, state.view, RANGE_GRID, RANGE_GRID, radius);
  let max = 1;
  for (const c of g) max = Math.max(max, c);
  return max;
}

/**
 * The end of the colour scale of the state's mode: {@link complexityRange} in the complexity mode, else the
 * engine's displayRange (gradient, output, margin); 1 for the other modes.
 */
export function displayScale(net: Network, map: PlaneMap, state: AppState, radius: number): number {
  if (state.mode === 'complexity') return complexityRange(net, map, state, radius);
  if (state.mode === 'gradient' || state.mode === 'output' || state.mode === 'margin')
    return displayRange(net, map, state.view, state.mode, state.output);
  return 1;
}

/** The mean local complexity over the view (a 32 x 32 grid of pixel centres) and over the data. */
export interface ComplexityMeans {
  /** The radius in plane units used. */
  radius: number;
  /** The mean over the view. */
  view: number;
  /** The mean over the data points (at their projections onto the plane), or null without data. */
  data: number | null;
}

/** The means of {@link ComplexityMeans} for the given network, plane, view, radius and data. */
export function complexityMeans(
  net: Network,
  map: PlaneMap,
  state: AppState,
  radius: number,
  data: MapData | null,
): ComplexityMeans {
  const view = meanLocalComplexityOverView(net, map, state.view, radius);
  let atData: number | null = null;
  if (data && data.points.count > 0) {
    const p = projectPoints(data.points, map);
    if (typeof p !== 'string') atData = meanLocalComplexityAtPoints(net, map, p.s, p.t, radius);
  }
  return { radius, view, data: atData };
}
