/**
 * Video in the Export folder: start and stop the live recording (also the `V` key), with a recording badge
 * on the map while it runs, and a deterministic zoom video into the middle of the view. The files are
 * downloaded (app/video/videoApi.ts).
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { recordZoom } from '../app/video/recorder.ts';
import { downloadBytes, liveRecorderOf } from '../app/video/videoApi.ts';
import { formatBytes } from '../engine/format.ts';
import { pageKeymap } from './keymap.ts';

/** The badge text for `seconds` recorded: a dot, REC and minutes:seconds. */
export function badgeText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `● REC ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Add the video controls to the Export `folder`. */
export function installRecording(app: App, folder: GUI): void {
  const live = liveRecorderOf(app);
  const badge = document.createElement('div');
  badge.id = 'record-badge';
  badge.hidden = true;
  badge.setAttribute('role', 'status');
  badge.setAttribute('aria-label', 'Recording');
  document.body.append(badge);
  let busy = false;
  const toggle = async () => {
    if (busy) return;
    busy = true;
    try {
      if (!live.recording) {
        await live.start(p.fps);
        app.notify('info', 'Recording the map (V or "stop recording" to stop).');
        return;
      }
      const r = await live.stop();
      downloadBytes(r.bytes, 'relu-origami-live.webm', r.mimeType);
      const frames = r.encoder === 'webcodecs' ? `${r.frames} frames, ${r.dropped} dropped, ` : '';
      app.notify(
        'info',
        `Saved relu-origami-live.webm (${r.width} x ${r.height}, ${r.duration.toFixed(1)} s, ${frames}${formatBytes(r.bytes.length)}, ${r.encoder}).`,
      );
    } catch (e) {
      app.notify('error', `The recording failed (the view is kept): ${(e as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const zoom = async () => {
    if (busy || live.recording) return;
    busy = true;
    const v = app.state.view;
    const cx = (v.x0 + v.x1) / 2;
    const cy = (v.y0 + v.y1) / 2;
    const hw = (v.x1 - v.x0) / 8;
    const hh = (v.y1 - v.y0) / 8;
    const frames = Math.round(p.fps * 4);
    badge.hidden = false;
    try {
      const r = await recordZoom(app, {
        to: { x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh },
        frames,
        fps: p.fps,
        onProgress: (i, n) => {
          badge.textContent = `● REC frame ${i} / ${n}`;
        },
      });
      downloadBytes(r.bytes, 'relu-origami-zoom.webm', r.mimeType);
      app.notify(
        'info',
        `Saved relu-origami-zoom.webm (${r.frames} frames, ${r.width} x ${r.height}, ${formatBytes(r.bytes.length)}, ${r.seconds.toFixed(1)} s to record).`,
      );
    } catch (e) {
      app.notify('error', `The zoom video failed: ${(e as Error).message}`);
    } finally {
      badge.hidden = true;
      busy = false;
    }
  };
  const p = { fps: 30, record: () => void toggle(), zoom: () => void zoom() };
  pageKeymap().bind('video.record', () => void toggle());
  folder.add(p, 'fps', [24, 30, 60]).name('video frames per second');
  const record = folder.add(p, 'record').name('record video (V)');
  folder.add(p, 'zoom').name('video: zoom in 4x (4 s)');
  live.onStatus((s) => {
    badge.hidden = !s.recording;
    badge.textContent = badgeText(s.seconds);
    record.name(s.recording ? 'stop recording (V)' : 'record video (V)');
  });
}
