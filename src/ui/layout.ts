/**
 * The page's layout (src/styles/layout.css, docs/layout.md): the settings panel and the HUD go into the side
 * column, the views' dock into the dock row (resizable by its grip), and the plot's margins follow the axes
 * and colour bar switches. The `h` key hides the side column; the theme is a class on the body. Below
 * 1000 x 560 CSS pixels the page is compact and the same elements float over the map.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { frameMargins } from '../render/axes2d.ts';
import { pageKeymap } from './keymap.ts';

/** The media query of the docked (non-overlapping) layout; below it the page is compact. */
export const DOCKED_QUERY = '(min-width: 1000px) and (min-height: 560px)';

/** What {@link installLayout} returns. */
export interface Layout {
  /** True when the docked layout applies (the window is at least 1000 x 560 CSS pixels). */
  docked(): boolean;
  /** Hide or show the side column (the `h` key). */
  toggleSide(hidden?: boolean): void;
}

/** Lay the page out: move `gui` and `dock` into their regions and keep the margins and theme in step. */
export function installLayout(app: App, gui: GUI, dock: HTMLElement | null): Layout {
  const body = document.body;
  const side = document.getElementById('side');
  const stage = document.getElementById('stage');
  const dockArea = document.getElementById('dock-area');
  const query = window.matchMedia(DOCKED_QUERY);
  if (side) side.append(gui.domElement);
  if (dockArea && dock) {
    const grip = document.createElement('div');
    grip.className = 'dock-grip';
    grip.title = 'drag to resize the panels';
    dockArea.append(grip, dock);
    const sync = () => body.classList.toggle('dock-open', !dock.hidden);
    new MutationObserver(sync).observe(dock, { attributes: true, attributeFilter: ['hidden'] });
    sync();
    grip.addEventListener('pointerdown', (e) => {
      grip.setPointerCapture(e.pointerId);
      const startY = e.clientY;
      const startH = dockArea.getBoundingClientRect().height;
      const move = (m: PointerEvent) => {
        const h = Math.min(window.innerHeight * 0.7, Math.max(120, startH + startY - m.clientY));
        body.style.setProperty('--dock-height', `${Math.round(h)}px`);
      };
      const up = () => {
        grip.removeEventListener('pointermove', move);
        grip.removeEventListener('pointerup', up);
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', up);
    });
  }
  const margins = () => {
    const look = app.state.look;
    const m = frameMargins(look.axes, look.colourBar);
    if (stage) {
      stage.style.setProperty('--plot-left', `${m.left}px`);
      stage.style.setProperty('--plot-right', `${m.right}px`);
      stage.style.setProperty('--plot-top', `${m.top}px`);
      stage.style.setProperty('--plot-bottom', `${m.bottom}px`);
    }
    body.classList.toggle('theme-light', look.theme === 'light');
  };
  app.on('changed', margins);
  margins();
  const layout: Layout = {
    docked: () => query.matches,
    toggleSide(hidden) {
      body.classList.toggle('side-hidden', hidden);
      // The compact page has no side column: the panel itself is hidden there.
      gui.show(!body.classList.contains('side-hidden') || query.matches);
    },
  };
  pageKeymap().bind('layout.side', () => layout.toggleSide());
  return layout;
}
