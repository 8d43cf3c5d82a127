/**
 * The key help (`?`): a table of the keymap's bindings (`Keymap.list()`), built with DOM nodes and
 * textContent, so it always says what the keys do now. Escape or `?` closes it.
 */
import { type KeyBinding, pageKeymap } from './keymap.ts';

const STYLE = `
#key-help { position: fixed; inset: 0; z-index: 30; display: flex; align-items: center; justify-content: center;
  background: rgba(0, 0, 0, 0.6); }
#key-help[hidden] { display: none; }
#key-help .panel { max-height: 86vh; overflow: auto; background: #15181f; color: #eee; border-radius: 6px;
  padding: 12px 18px; font: 14px/1.45 system-ui, sans-serif; max-width: min(820px, 94vw); }
#key-help h2 { font-size: 16px; margin: 0 0 8px; }
#key-help td { padding: 2px 10px 2px 0; vertical-align: top; }
#key-help td.keys { white-space: nowrap; font-family: ui-monospace, monospace; }
#key-help td.context { color: #9aa4b5; }
`;

let adopted: CSSStyleSheet | undefined;

/** The label of a `KeyboardEvent.key` value in the help: `Space` for ' ', names as they are. */
export function keyLabel(key: string): string {
  return key === ' ' ? 'Space' : key;
}

/** The key help: its element, and whether it is open. */
export interface KeyHelp {
  /** The overlay element. */
  readonly element: HTMLElement;
  /** True while it is shown. */
  readonly open: boolean;
  /** Show or hide it. */
  toggle(): void;
}

/** Build the rows of `bindings` into `table` (one row per binding: keys, context, description). */
export function fillKeyTable(table: HTMLTableElement, bindings: readonly KeyBinding[]): void {
  table.replaceChildren();
  for (const b of bindings) {
    const row = table.insertRow();
    const keys = row.insertCell();
    keys.className = 'keys';
    keys.textContent = b.keys.map(keyLabel).join(', ');
    const context = row.insertCell();
    context.className = 'context';
    context.textContent = b.context;
    row.insertCell().textContent = b.description;
  }
}

/** Install the key help overlay and its keys. */
export function installKeyHelp(): KeyHelp {
  if (!adopted) {
    adopted = new CSSStyleSheet();
    adopted.replaceSync(STYLE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, adopted];
  }
  const keys = pageKeymap();
  const element = document.createElement('div');
  element.id = 'key-help';
  element.hidden = true;
  element.setAttribute('role', 'dialog');
  element.setAttribute('aria-label', 'Keys');
  const panel = document.createElement('div');
  panel.className = 'panel';
  const title = document.createElement('h2');
  title.textContent = 'Keys (the first that applies wins: export, help, presentation, section, view)';
  const table = document.createElement('table');
  panel.append(title, table);
  element.append(panel);
  document.body.append(element);
  const toggle = () => {
    if (element.hidden) fillKeyTable(table, keys.list());
    element.hidden = !element.hidden;
  };
  element.addEventListener('click', (e) => {
    if (e.target === element) toggle();
  });
  keys.bind('help.toggle', toggle);
  keys.bind('help.close', toggle, () => !element.hidden);
  return {
    element,
    get open() {
      return !element.hidden;
    },
    toggle,
  };
}
