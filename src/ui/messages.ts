/** The message banner: errors and notices from the app, shown for a few seconds and kept in a log. */
import type { App } from '../app/app.ts';

/** Show the app's messages in #messages; returns the log of every message shown (newest last). */
export function installMessages(app: App): string[] {
  const el = document.getElementById('messages')!;
  const log: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  app.listeners.push({
    message(m) {
      log.push(`${m.kind}: ${m.text}`);
      el.textContent = m.text;
      el.className = m.kind;
      if (timer) clearTimeout(timer);
      timer = setTimeout(
        () => {
          el.textContent = '';
        },
        m.kind === 'error' ? 9000 : 4000,
      );
    },
  });
  return log;
}
