/** The colour bar of each colour mode: a graded scale with its range, the argmax classes, or a note. */
import { diverging, viridis } from './palette.ts';

/** What the colour bar shows: a graded scale with its range, argmax classes, or a note. */
export type ColourBar =
  | {
      kind: 'graded';
      title: string;
      lo: number;
      hi: number;
      colour: (t: number, out: Uint8ClampedArray) => void;
    }
  | { kind: 'classes'; title: string; count: number }
  | { kind: 'note'; title: string };

/**
 * The colour bar of a colour mode: gradient (|grad f| from 0 to `range`, viridis), output (f from -range to
 * range, diverging; or the argmax classes when `argmax`), margin (top-1 minus top-2 output, from 0 to `range`,
 * viridis), complexity (the local-complexity count from 0 to `range`, viridis; `complexity` names the radius),
 * regions and layer (a note: colours are per pattern).
 */
export function colourBarOf(
  mode: string,
  range: number,
  output: number,
  argmax: boolean,
  classes: number,
  complexity?: { radius: number; units: 'pixels' | 'plane' },
): ColourBar {
  const k = Math.max(0, output);
  if (mode === 'complexity') {
    const r = complexity ? `${complexity.radius}${complexity.units === 'pixels' ? ' px' : ''}` : 'r';
    return {
      kind: 'graded',
      title: `neurons with a zero set within ${r}`,
      lo: 0,
      hi: range,
      colour: (t, o) => viridis(t, o),
    };
  }
  if (mode === 'gradient')
    return { kind: 'graded', title: `|grad f${k}|`, lo: 0, hi: range, colour: (t, o) => viridis(t, o) };
  if (mode === 'margin')
    return {
      kind: 'graded',
      title: 'margin: top-1 minus top-2 (0 on a decision boundary)',
      lo: 0,
      hi: range,
      colour: (t, o) => viridis(t, o),
    };
  if (mode === 'output' && argmax) return { kind: 'classes', title: 'argmax class', count: classes };
  if (mode === 'output')
    return {
      kind: 'graded',
      title: `f${k}`,
      lo: -range,
      hi: range,
      colour: (t, o) => diverging(2 * t - 1, o),
    };
  return {
    kind: 'note',
    title:
      mode === 'layer'
        ? 'one colour per activation pattern of the first k layers (hashed, not ordered)'
        : 'one colour per activation pattern (hashed, not ordered)',
  };
}
