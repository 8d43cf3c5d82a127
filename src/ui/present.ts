/**
 * The presentation mode: the map full screen with the panels hidden, the HUD in large type, a caption
 * (one set with `setCaption`, else the network's description), a cursor spotlight and a black screen
 * (`b`, or the `.` a presentation clicker's blank button sends), driven through the one keymap's `present`
 * context. `f` enters and leaves it; leaving full screen (the browser's Escape) leaves it too. The mode
 * is part of the page, not of the state: a link never opens in it.
 */
import type { App } from '../app/app.ts';
import { PRESENTATION_LINE_SCALE } from '../state/look.ts';
import { pageKeymap } from './keymap.ts';

const STYLE = `
body.presenting .lil-gui.lil-root, body.presenting .lil-gui.root, body.presenting #inspector, body.presenting .views-dock,
body.presenting .views-kinds, body.presenting .views-tour, body.presenting #messages.info { display: none !important; }
body.presenting #view { cursor: none; }
body.presenting #hud { font-size: 22px; line-height: 1.4; max-width: 46vw; padding: 10px 16px; left: 16px; top: 16px;
  background: rgba(0, 0, 0, 0.6); z-index: 9; }
#present-caption { position: absolute; left: 50%; bottom: 28px; transform: translateX(-50%); max-width: 80vw;
  padding: 10px 22px; border-radius: 6px; background: rgba(0, 0, 0, 0.68); color: #fff; text-align: center;
  font: 28px/1.35 system-ui, sans-serif; pointer-events: none; z-index: 8; }
#present-caption:empty, #present-caption[hidden] { display: none; }
#present-spotlight { position: absolute; inset: 0; pointer-events: none; z-index: 7;
  background: radial-gradient(circle at var(--spot-x, 50%) var(--spot-y, 50%), transparent 0, transparent 110px,
  rgba(0, 0, 0, 0.5) 150px); }
#present-spotlight[hidden], #present-black[hidden] { display: none; }
#present-black { position: fixed; inset: 0; background: #000; z-index: 20; }
`;

let adopted: CSSStyleSheet | undefined;

/** Adopt the presentation styles once (a constructed sheet: the CSP blocks <style> elements). */
export function injectPresentationStyles(): void {
  if (adopted) return;
  adopted = new CSSStyleSheet();
  adopted.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopted];
}

/** The presentation mode of the page; see {@link installPresentation}. */
export interface Presentation {
  /** True while the presentation mode is on. */
  readonly active: boolean;
  /** True while the screen is blacked out. */
  readonly black: boolean;
  /** True while the cursor spotlight is on. */
  readonly spotlight: boolean;
  /** Enter the mode (and full screen where the browser allows it). */
  enter(): void;
  /** Leave the mode (and full screen). */
  exit(): void;
  /** Enter or leave. */
  toggle(): void;
  /** The caption shown in the mode; empty: the network's description. */
  setCaption(text: string): void;
  /** The caption element. */
  readonly caption: HTMLElement;
}

/** The default caption: the network's widths and activation, or the model's name. */
function describe(app: App): string {
  const s = app.state;
  if (s.model) return s.model;
  return `${s.architecture.widths.join('-')} ${s.architecture.activation} network, seed ${s.architecture.seed}`;
}

/** Build the presentation mode's elements and bind its keys. */
export function installPresentation(app: App): Presentation {
  injectPresentationStyles();
  const caption = document.createElement('div');
  caption.id = 'present-caption';
  caption.hidden = true;
  const spot = document.createElement('div');
  spot.id = 'present-spotlight';
  spot.hidden = true;
  const blackout = document.createElement('div');
  blackout.id = 'present-black';
  blackout.hidden = true;
  document.body.append(spot, caption, blackout);
  let active = false;
  let black = false;
  let spotlight = true;
  let setText = '';
  let wentFullscreen = false;
  const refresh = () => {
    document.body.classList.toggle('presenting', active);
    // Lines are drawn wider on a projector: the map's boundaries, zero sets and overlay.
    const scale = active ? PRESENTATION_LINE_SCALE : 1;
    if (app.lineScale !== scale) {
      app.lineScale = scale;
      app.requestRender();
    }
    caption.hidden = !active;
    caption.textContent = active ? setText || describe(app) : '';
    spot.hidden = !(active && spotlight);
    blackout.hidden = !(active && black);
  };
  const enter = () => {
    if (active) return;
    active = true;
    black = false;
    const root = document.documentElement;
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().then(
        () => {
          wentFullscreen = true;
        },
        () => {},
      );
    }
    refresh();
  };
  const exit = () => {
    if (!active) return;
    active = false;
    black = false;
    if (document.fullscreenElement && wentFullscreen) void document.exitFullscreen().catch(() => {});
    wentFullscreen = false;
    refresh();
  };
  document.addEventListener('fullscreenchange', () => {
    // The browser's own Escape leaves full screen: leave the mode with it.
    if (!document.fullscreenElement && wentFullscreen) {
      wentFullscreen = false;
      exit();
    }
  });
  window.addEventListener('pointermove', (e) => {
    if (!active) return;
    spot.style.setProperty('--spot-x', `${e.clientX}px`);
    spot.style.setProperty('--spot-y', `${e.clientY}px`);
  });
  app.on('changed', () => {
    if (active && !setText) caption.textContent = describe(app);
  });
  const keys = pageKeymap();
  const presenting = () => active;
  keys.bind('present.toggle', () => (active ? exit() : enter()));
  keys.bind('present.exit', exit, presenting);
  keys.bind(
    'present.black',
    () => {
      black = !black;
      refresh();
    },
    presenting,
  );
  keys.bind(
    'present.spotlight',
    () => {
      spotlight = !spotlight;
      refresh();
    },
    presenting,
  );
  const newSeed = () => {
    if (app.state.model) {
      app.notify('info', 'A loaded model has no seed: load the generated network to draw a new one.');
      return;
    }
    app.update((s) => {
      s.architecture.seed += 1;
    });
  };
  keys.bind('present.newSeed', newSeed, presenting);
  keys.bind('network.newSeed', newSeed);
  return {
    get active() {
      return active;
    },
    get black() {
      return black;
    },
    get spotlight() {
      return spotlight;
    },
    enter,
    exit,
    toggle: () => (active ? exit() : enter()),
    setCaption(text: string) {
      setText = text;
      refresh();
    },
    caption,
  };
}
