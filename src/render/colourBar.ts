/** The colour bar of each colour mode: a graded scale with its range, the argmax classes, or a note. */
import { OUTPUT_QUANTILE_LABEL } from '../engine/range.ts';
import { classColour, diverging, type PaletteName, viridis } from './palette.ts';

/** What the colour bar shows: a graded scale with its range, argmax classes, or a note. */
export type ColourBar =
  | {
      kind: 'graded';
      title: string;
      lo: number;
      hi: number;
      colour: (t: number, out: Uint8ClampedArray) => void;
    }
  | {
      kind: 'classes';
      title: string;
      count: number;
      /** Writes the colour of class k (bytes) into `out`. */
      colour: (k: number, out: Uint8ClampedArray) => void;
    }
  | { kind: 'note'; title: string };

/**
 * The colour bar of a colour mode: gradient (|grad f| from 0 to `range`, viridis), output (f from -range to
 * range, diverging; or the argmax classes when `argmax`), margin (top-1 minus top-2 output, from 0 to `range`,
 * viridis), complexity (the local-complexity count from 0 to `range`, viridis; `complexity` names the radius),
 * regions and layer (a note: colours are per pattern). Every map is `palette`'s (default: 'default'), the
 * one the map is drawn in. The output's range is the robust end of engine/range.ts (clipped beyond it).
 */
export function colourBarOf(
  mode: string,
  range: number,
  output: number,
  argmax: boolean,
  classes: number,
  complexity?: { radius: number; units: 'pixels' | 'plane' },
  palette: PaletteName = 'default',
): ColourBar {
  const k = Math.max(0, output);
  if (mode === 'complexity') {
    const r = complexity ? `${complexity.radius}${complexity.units === 'pixels' ? ' px' : ''}` : 'r';
    return {
      kind: 'graded',
      title: `neurons with a zero set within ${r}`,
      lo: 0,
      hi: range,
      colour: (t, o) => viridis(t, o, 0, palette),
    };
  }
  if (mode === 'gradient')
    return {
      kind: 'graded',
      title: `|grad f${k}|`,
      lo: 0,
      hi: range,
      colour: (t, o) => viridis(t, o, 0, palette),
    };
  if (mode === 'margin')
    return {
      kind: 'graded',
      title: 'margin: top-1 minus top-2 (0 on a decision boundary)',
      lo: 0,
      hi: range,
      colour: (t, o) => viridis(t, o, 0, palette),
    };
  if (mode === 'output' && argmax)
    return {
      kind: 'classes',
      title: 'argmax class',
      count: classes,
      colour: (c, o) => classColour(c, o, 0, palette),
    };
  if (mode === 'output')
    return {
      kind: 'graded',
      title: `f${k} (ends: ±${OUTPUT_QUANTILE_LABEL} of |f|)`,
      lo: -range,
      hi: range,
      colour: (t, o) => diverging(2 * t - 1, o, 0, palette),
    };
  return {
    kind: 'note',
    title:
      mode === 'layer'
        ? 'one colour per activation pattern of the first k layers (hashed, not ordered)'
        : 'one colour per activation pattern (hashed, not ordered)',
  };
}
