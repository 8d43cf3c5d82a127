/**
 * How the map is framed, as part of the serialised state (AppState.look, the URL hash): axes with ticks,
 * the colour bar, the scale bar, the page's theme, the palette of the colour maps and the width of the lines
 * drawn over the map. Each is set in the settings panel and written to the hash only when it differs from its
 * default, so that older links stay as they were.
 */
import { isPalette, PALETTES, type PaletteName } from '../engine/colourMaps.ts';

/** The page themes: dark (the default, for screens) and light (for paper and bright projectors). */
export const THEMES = ['dark', 'light'] as const;

/** One of {@link THEMES}. */
export type Theme = (typeof THEMES)[number];

/** The framing of the map. */
export interface LookSettings {
  /** Axes with ticks and labels in plane coordinates around the map (and on the 3-D surface). */
  axes: boolean;
  /** The colour bar of the colour mode (a graded bar with values, or a note for the pattern colours). */
  colourBar: boolean;
  /** A scale bar of a round length in plane units. */
  scaleBar: boolean;
  /** The page's theme. */
  theme: Theme;
  /** The palette of every colour mode (engine/colourMaps.ts): `default`, or `cvd` (colour-blind safe). */
  palette: PaletteName;
  /**
   * The width of the lines drawn over the map (region boundaries, the neuron's zero set, level sets, the
   * exact polygons and the pinned outline) in CSS pixels, from {@link LINE_WIDTH_RANGE}'s min to its max.
   */
  lineWidth: number;
}

/** The smallest and largest line width in CSS pixels, and the default. */
export const LINE_WIDTH_RANGE = { min: 0.5, max: 8, default: 1.5 } as const;

/** How much wider lines are drawn in the presentation mode (for a projector seen from afar). */
export const PRESENTATION_LINE_SCALE = 2;

/** The widest line the map's composite draws, in device pixels (its neighbourhood is this wide). */
export const MAX_LINE_PIXELS = 8;

/** Fresh defaults: axes, colour bar and scale bar on, the dark theme, the default palette, 1.5 px lines. */
export function defaultLook(): LookSettings {
  return {
    axes: true,
    colourBar: true,
    scaleBar: true,
    theme: 'dark',
    palette: 'default',
    lineWidth: LINE_WIDTH_RANGE.default,
  };
}

/**
 * The width in whole device pixels of a line `cssWidth` CSS pixels wide on a display of `dpr` device pixels
 * per CSS pixel, times `scale` (the presentation mode's {@link PRESENTATION_LINE_SCALE}, else 1), divided by
 * the frame's `reduction`: rounded, at least 1 and at most {@link MAX_LINE_PIXELS}. Non-finite or
 * non-positive inputs read as 1.
 */
export function linePixels(cssWidth: number, dpr = 1, scale = 1, reduction = 1): number {
  const w = (cssWidth * dpr * scale) / reduction;
  if (!Number.isFinite(w) || w <= 0) return 1;
  return Math.max(1, Math.min(MAX_LINE_PIXELS, Math.round(w)));
}

/**
 * The width in device pixels (before {@link linePixels}'s rounding and clamp) of lines `cssWidth` CSS pixels
 * wide in an exported map of mapWidth x mapHeight pixels whose canvas is cssCanvasWidth x cssCanvasHeight
 * CSS pixels on screen: the export's pixels per CSS pixel of the canvas (the smaller of the two sides'
 * ratios) times `cssWidth`, so that lines keep their share of the picture at any size. A canvas without a
 * size reads as one pixel per CSS pixel.
 */
export function exportLineWidth(
  cssWidth: number,
  mapWidth: number,
  mapHeight: number,
  cssCanvasWidth: number,
  cssCanvasHeight: number,
): number {
  const ratio = Math.min(mapWidth / cssCanvasWidth, mapHeight / cssCanvasHeight);
  return cssWidth * (Number.isFinite(ratio) && ratio > 0 ? ratio : 1);
}

/** The hash fields of `look` that differ from the defaults, as `key=value` strings. */
export function encodeLook(look: LookSettings): string[] {
  const d = defaultLook();
  const parts: string[] = [];
  if (look.axes !== d.axes) parts.push(`axes=${look.axes ? 1 : 0}`);
  if (look.colourBar !== d.colourBar) parts.push(`cbar=${look.colourBar ? 1 : 0}`);
  if (look.scaleBar !== d.scaleBar) parts.push(`sbar=${look.scaleBar ? 1 : 0}`);
  if (look.theme !== d.theme) parts.push(`theme=${look.theme}`);
  if (look.palette !== d.palette) parts.push(`pal=${look.palette}`);
  if (look.lineWidth !== d.lineWidth) parts.push(`lw=${look.lineWidth}`);
  return parts;
}

/** The switches of {@link LookSettings} by their hash key. */
const SWITCHES = { axes: 'axes', cbar: 'colourBar', sbar: 'scaleBar' } as const;

/**
 * Decode hash field `key`=`value` into `look`. Returns null when `key` is not one of the look's fields,
 * otherwise '' when it was applied, or what was expected when the value was malformed (`look` unchanged).
 */
export function decodeLookField(key: string, value: string, look: LookSettings): string | null {
  if (key === 'theme') {
    if (!(THEMES as readonly string[]).includes(value)) return THEMES.join(' or ');
    look.theme = value as Theme;
    return '';
  }
  if (key === 'pal') {
    if (!isPalette(value)) return PALETTES.join(' or ');
    look.palette = value;
    return '';
  }
  if (key === 'lw') {
    const w = Number(value);
    const { min, max } = LINE_WIDTH_RANGE;
    if (value.trim() === '' || !Number.isFinite(w) || w < min || w > max)
      return `a number from ${min} to ${max}`;
    look.lineWidth = w;
    return '';
  }
  if (!Object.hasOwn(SWITCHES, key)) return null;
  if (value !== '0' && value !== '1') return '0 or 1';
  look[SWITCHES[key as keyof typeof SWITCHES]] = value === '1';
  return '';
}
