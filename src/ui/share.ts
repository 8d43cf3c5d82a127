/**
 * "Copy link": the page's address with the whole state in its hash (what reproduces the picture), copied
 * to the clipboard from the Export folder or with `l`. Where the clipboard is refused, the link is shown
 * in a message to copy by hand.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { pageKeymap } from './keymap.ts';

/** The share link of `app`'s state on the page at `location` (origin, path and the state's hash). */
export function shareLink(app: App, where: { origin: string; pathname: string } = location): string {
  return `${where.origin}${where.pathname}${app.hash()}`;
}

/** Copy the share link; resolves with it once copied (or shown when the clipboard is refused). */
export async function copyShareLink(app: App): Promise<string> {
  const link = shareLink(app);
  try {
    await navigator.clipboard.writeText(link);
    app.notify('info', `Copied a link to this picture: ${link}`);
  } catch {
    app.notify('info', `The clipboard is not available here; copy the link by hand: ${link}`);
  }
  return link;
}

/** Add "copy share link" to `folder` (if given) and bind `l`. */
export function installShare(app: App, folder?: GUI): void {
  pageKeymap().bind('share.copy', () => void copyShareLink(app));
  folder?.add({ copy: () => void copyShareLink(app) }, 'copy').name('copy share link (l)');
}
