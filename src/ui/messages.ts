/** The message banner: errors and notices from the app, shown for a few seconds and kept in a log. */
import type { App } from '../app/app.ts';
import { ERROR_MESSAGE_MS, INFO_MESSAGE_MS } from '../engine/limits.ts';

/** Show the app's messages in #messages; returns the log of every message shown (newest last). */
export function installMessages(app: App): string[] {
  const el = document.getElementById('messages')!;
  const log: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  app.on('message', (m) => {
    log.push(`${m.kind}: ${m.text}`);
    el.textContent = m.text;
    el.className = m.kind;
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        el.textContent = '';
      },
      m.kind === 'error' ? ERROR_MESSAGE_MS : INFO_MESSAGE_MS,
    );
  });
  return log;
}
