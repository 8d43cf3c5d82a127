/**
 * The DOM frame of the demo views: a tabbed dock for the panels (section, analysis, verification, tour)
 * and a selector of the main view (map, surface, 1-D). Styles are adopted once; no framework.
 */

const STYLE = `
.views-dock { position: absolute; right: 8px; bottom: 44px; width: min(460px, 46vw); max-height: 52vh;
  display: flex; flex-direction: column; background: rgba(10, 12, 16, 0.9); border-radius: 4px;
  font: 12px/1.4 ui-monospace, monospace; color: #ddd; z-index: 5; }
.views-dock[hidden] { display: none; }
.views-tabs { display: flex; gap: 2px; padding: 4px 4px 0; flex-wrap: wrap; }
.views-tabs button, .views-kinds button, .views-dock button, .views-kinds select { background: #262a33; color: #ddd;
  border: 0; border-radius: 3px; padding: 2px 6px; font: inherit; cursor: pointer; white-space: nowrap; }
.views-tabs button.on, .views-kinds button.on { background: #4a6fa5; color: #fff; }
.views-body { overflow: auto; padding: 6px 8px 8px; }
.views-body canvas { display: block; width: 100%; }
.views-body table { border-collapse: collapse; width: 100%; }
.views-body th { cursor: pointer; text-align: right; position: sticky; top: 0; background: #1b1f27; padding: 2px 4px; }
.views-body td { text-align: right; padding: 1px 4px; white-space: nowrap; }
.views-body td.pat { text-align: left; max-width: 140px; overflow: hidden; text-overflow: ellipsis; }
.views-body .dead { color: #ff7b6b; }
.views-body .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
.views-kinds { position: absolute; left: 50%; bottom: 8px; transform: translateX(-50%); display: flex; gap: 2px;
  background: rgba(0, 0, 0, 0.72); padding: 3px; border-radius: 4px; z-index: 5; font: 12px ui-monospace, monospace; }
.views-main { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block; }
.views-main[hidden] { display: none; }
.views-line { background: #15171c; height: calc(100% - 36px); }
.views-tip { position: fixed; z-index: 7; padding: 5px 8px; border-radius: 4px; background: rgba(0, 0, 0, 0.82);
  color: #eee; font: 12px/1.45 ui-monospace, monospace; white-space: pre; pointer-events: none; }
.views-tip[hidden] { display: none; }
.views-dock.with-gui { right: 268px; bottom: 8px; }
.views-tour.with-gui { left: 352px; transform: none; width: max(240px, min(460px, calc(100vw - 630px))); }
.views-line.with-gui { top: 100px; height: calc(100% - 108px); width: calc(100% - 268px); }
.views-tour { position: absolute; left: 50%; top: 8px; transform: translateX(-50%); width: min(520px, 60vw);
  background: rgba(16, 28, 48, 0.94); padding: 8px 12px; border-radius: 4px; z-index: 6; box-sizing: border-box;
  font: 12px/1.4 ui-monospace, monospace; color: #eee; }
.views-tour[hidden] { display: none; }
.views-tour p { margin: 4px 0 8px; font: 13px/1.45 system-ui, sans-serif; }
.views-tour button { background: #262a33; color: #ddd; border: 0; border-radius: 3px; padding: 3px 8px; font: inherit; cursor: pointer; }
.views-figures div { margin: 2px 0; }
@media (min-width: 1000px) and (min-height: 560px) {
  /* The docked layout (src/styles/layout.css): the caption card is centred in the plot, clear of the side panel. */
  #plot > .views-tour.with-gui { left: 50%; transform: translateX(-50%); width: min(520px, calc(100% - 24px)); }
}
`;

/** A tabbed dock; see {@link createDock}. */
export interface Dock {
  /** The dock element. */
  element: HTMLElement;
  /** Add a tab named `name` with content `body`; `shown` is called when it becomes visible. */
  addTab(name: string, body: HTMLElement, shown?: () => void): void;
  /** Show the tab named `name` (the dock is opened). */
  show(name: string): void;
  /** The tab shown, or null when the dock is closed. */
  current(): string | null;
  /** Close the dock. */
  close(): void;
}

/** The views' style sheet once adopted by the document (a constructed sheet: CSP blocks <style> elements). */
let adopted: CSSStyleSheet | undefined;

/** Adopt the views' styles into the document once (later calls do nothing). */
export function injectViewStyles(): void {
  if (adopted) return;
  adopted = new CSSStyleSheet();
  adopted.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopted];
}

/** Create the dock inside `parent` (closed until a tab is shown). */
export function createDock(parent: HTMLElement): Dock {
  injectViewStyles();
  const element = document.createElement('div');
  element.className = 'views-dock';
  element.hidden = true;
  const tabs = document.createElement('div');
  tabs.className = 'views-tabs';
  const body = document.createElement('div');
  body.className = 'views-body';
  element.append(tabs, body);
  parent.append(element);
  const entries = new Map<string, { button: HTMLButtonElement; body: HTMLElement; shown?: () => void }>();
  let current: string | null = null;
  const close = document.createElement('button');
  close.textContent = '×';
  close.title = 'close';
  close.style.marginLeft = 'auto';
  close.onclick = () => dock.close();
  tabs.append(close);
  const dock: Dock = {
    element,
    addTab(name, content, shown) {
      const button = document.createElement('button');
      button.textContent = name;
      button.onclick = () => dock.show(name);
      tabs.insertBefore(button, close);
      content.hidden = true;
      body.append(content);
      entries.set(name, { button, body: content, ...(shown ? { shown } : {}) });
    },
    show(name) {
      element.hidden = false;
      current = name;
      for (const [n, e] of entries) {
        e.button.classList.toggle('on', n === name);
        e.body.hidden = n !== name;
      }
      entries.get(name)?.shown?.();
    },
    current: () => (element.hidden ? null : current),
    close() {
      element.hidden = true;
    },
  };
  return dock;
}

/** A button row choosing one of `options`; `choose` is called on clicks, `set` marks the active one. */
export function buttonRow<T extends string>(
  className: string,
  options: readonly { value: T; label: string }[],
  choose: (v: T) => void,
): { element: HTMLElement; set(v: T): void } {
  injectViewStyles();
  const element = document.createElement('div');
  element.className = className;
  const buttons = options.map((o) => {
    const b = document.createElement('button');
    b.textContent = o.label;
    b.dataset.value = o.value;
    b.onclick = () => choose(o.value);
    element.append(b);
    return b;
  });
  return {
    element,
    set(v) {
      for (const b of buttons) b.classList.toggle('on', b.dataset.value === v);
    },
  };
}
