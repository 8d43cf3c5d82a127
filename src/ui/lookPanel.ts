/**
 * The "Frame" folder of the settings panel: axes, colour bar, scale bar, theme, palette and line width
 * (AppState.look, in the URL hash), and a button that hides the side panel (the `h` key). Bound to a plain object mirrored from
 * the state; every change goes through app.update.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { PALETTES, type PaletteName } from '../engine/colourMaps.ts';
import { LINE_WIDTH_RANGE, THEMES, type Theme } from '../state/look.ts';
import type { Layout } from './layout.ts';

/** Add the Frame folder to `gui`; it follows the state on every change of the app. */
export function addLookFolder(app: App, gui: GUI, layout: Layout): GUI {
  const folder = gui.addFolder('Frame');
  const p = { ...app.state.look, hide: () => layout.toggleSide(true) };
  const set = () =>
    app.update((s) => {
      s.look = {
        axes: p.axes,
        colourBar: p.colourBar,
        scaleBar: p.scaleBar,
        theme: p.theme,
        palette: p.palette,
        lineWidth: p.lineWidth,
      };
    });
  const controllers = [
    folder.add(p, 'axes').name('axes').onChange(set),
    folder.add(p, 'colourBar').name('colour bar').onChange(set),
    folder.add(p, 'scaleBar').name('scale bar').onChange(set),
    folder
      .add(p, 'theme', [...THEMES] as Theme[])
      .name('theme')
      .onChange(set),
    folder
      .add(p, 'palette', [...PALETTES] as PaletteName[])
      .name('palette (cvd: colour-blind safe)')
      .onChange(set),
    folder
      .add(p, 'lineWidth', LINE_WIDTH_RANGE.min, LINE_WIDTH_RANGE.max, 0.5)
      .name('line width (CSS px)')
      .onChange(set),
  ];
  folder.add(p, 'hide').name('hide this panel (h)');
  app.on('changed', () => {
    Object.assign(p, app.state.look);
    for (const c of controllers) c.updateDisplay();
  });
  return folder;
}
