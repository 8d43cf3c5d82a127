/**
 * How the map is framed, as part of the serialised state (AppState.look, the URL hash): axes with ticks,
 * the colour bar, the scale bar and the page's theme. Each is on or off in the settings panel and written
 * to the hash only when it differs from its default, so that older links stay as they were.
 */

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
}

/** Fresh defaults: axes, colour bar and scale bar on, the dark theme. */
export function defaultLook(): LookSettings {
  return { axes: true, colourBar: true, scaleBar: true, theme: 'dark' };
}

/** The hash fields of `look` that differ from the defaults, as `key=value` strings. */
export function encodeLook(look: LookSettings): string[] {
  const d = defaultLook();
  const parts: string[] = [];
  if (look.axes !== d.axes) parts.push(`axes=${look.axes ? 1 : 0}`);
  if (look.colourBar !== d.colourBar) parts.push(`cbar=${look.colourBar ? 1 : 0}`);
  if (look.scaleBar !== d.scaleBar) parts.push(`sbar=${look.scaleBar ? 1 : 0}`);
  if (look.theme !== d.theme) parts.push(`theme=${look.theme}`);
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
  if (!Object.hasOwn(SWITCHES, key)) return null;
  if (value !== '0' && value !== '1') return '0 or 1';
  look[SWITCHES[key as keyof typeof SWITCHES]] = value === '1';
  return '';
}
