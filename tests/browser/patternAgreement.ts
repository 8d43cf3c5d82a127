/**
 * How far a page's region ids agree with the float64 engine: the fraction of the width x height pixels of
 * `view` (identity plane) whose two pattern-hash words equal evaluateGrid's at the pixel centre.
 */
import { evaluateGrid } from '../../src/engine/forward.ts';
import type { Network } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import type { ViewRect } from '../../src/engine/range.ts';

export function patternAgreement(
  ids: ArrayLike<number>,
  net: Network,
  view: ViewRect,
  width: number,
  height: number,
): number {
  const cpu = evaluateGrid(net, planeMap(net.inputDim, undefined) as PlaneMap, view, width, height);
  let same = 0;
  for (let p = 0; p < width * height; p++)
    if (ids[2 * p] === cpu.ids[2 * p] && ids[2 * p + 1] === cpu.ids[2 * p + 1]) same++;
  return same / (width * height);
}
