/**
 * Video export (src/app/video): a deterministic 12-frame zoom of a 128 x 128 map is recorded in the page,
 * then read back in Node with Mediabunny's WebM demuxer: 12 packets at i / fps, the first a key frame whose
 * VP9 header says 128 x 128; the page's VideoDecoder decodes 12 frames of 128 x 128 shown pixels, and the last one looks like the
 * canvas (the final view). Skipped, with the reason logged, where the browser cannot encode VP9. Also: the
 * recording badge appears with the V key and disappears when it is pressed again; and with WebCodecs switched
 * off the live recording falls back to MediaRecorder and returns a WebM file (its EBML magic checked; headless
 * Chromium's MediaRecorder frame timing is the stream's, so frames are not counted).
 */
import { BufferSource, EncodedPacketSink, Input, WEBM } from 'mediabunny';
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

const pages = useExplorerPages();
const HASH = '#arch=2-8-8-1&act=relu&seed=5&view=-3,3,-3,3&mode=regions&b=1';
const FRAMES = 12;
const FPS = 12;
const TO = { x0: -0.5, x1: 1, y0: -0.25, y1: 1.25 };

/** One 128 x 128 page for both tests (a page load is the slowest part on a loaded machine). */
let shared: Promise<Page> | undefined;
function page128(): Promise<Page> {
  shared ??= pages.open(HASH, 128, 128).then(async ({ page }) => {
    await page.evaluate(() => window.reluOrigami!.setExactCap(0));
    return page;
  });
  return shared;
}

/** Frame width and height from a VP9 key frame's uncompressed header (profile 0). */
function vp9KeyFrameSize(d: Uint8Array): { width: number; height: number } {
  let bit = 0;
  const read = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++, bit++) v = (v << 1) | ((d[bit >> 3]! >> (7 - (bit & 7))) & 1);
    return v;
  };
  expect(read(2), 'frame marker').toBe(2);
  expect(read(2), 'profile').toBe(0);
  expect(read(1), 'show_existing_frame').toBe(0);
  expect(read(1), 'frame_type (0: key)').toBe(0);
  read(2); // show_frame, error_resilient_mode
  expect([read(8), read(8), read(8)], 'sync code').toEqual([0x49, 0x83, 0x42]);
  read(4); // colour space, colour range
  return { width: read(16) + 1, height: read(16) + 1 };
}

describe('video export', () => {
  it(`records a ${FRAMES}-frame zoom that decodes frame by frame`, async () => {
    const page = await page128();
    const why = await page.evaluate(async () => {
      if (typeof VideoEncoder === 'undefined') return 'no VideoEncoder';
      const c = { codec: 'vp09.00.41.08', width: 128, height: 128, bitrate: 1e6, framerate: 12 };
      return (await VideoEncoder.isConfigSupported(c)).supported ? '' : 'VP9 not supported by VideoEncoder';
    });
    if (why) {
      console.log(`video export test skipped: ${why}`);
      return;
    }
    const r = await page.evaluate(
      async (frames, fps, to) => {
        const api = window.reluOrigami!;
        await api.resize(128, 128);
        await api.render();
        const t = performance.now();
        const rec = await api.recordZoom({ to, frames, fps });
        const ms = performance.now() - t;
        let text = '';
        for (let i = 0; i < rec.bytes.length; i += 0x8000)
          text += String.fromCharCode(...rec.bytes.subarray(i, i + 0x8000));
        return { ...rec, bytes: btoa(text), ms, view: api.getState().view };
      },
      FRAMES,
      FPS,
      TO,
    );
    const bytes = Uint8Array.from(Buffer.from(r.bytes, 'base64'));
    console.log(
      JSON.stringify({
        frames: r.frames,
        bytes: bytes.length,
        msPerFrame: +(r.ms / r.frames).toFixed(1),
        encodeMsPerFrame: +((1000 * r.encodeSeconds) / r.frames).toFixed(1),
        size: `${r.width}x${r.height}`,
      }),
    );
    expect([r.width, r.height, r.frames, r.dropped]).toEqual([128, 128, FRAMES, 0]);
    expect(r.duration).toBeCloseTo(FRAMES / FPS, 12);
    for (const k of ['x0', 'x1', 'y0', 'y1'] as const) expect(r.view[k]).toBeCloseTo(TO[k], 9);
    // Read back in Node: the container's track and packets.
    const input = new Input({ formats: [WEBM], source: new BufferSource(bytes) });
    const track = await input.getPrimaryVideoTrack();
    expect(track).not.toBeNull();
    expect(await track!.getCodec()).toBe('vp9');
    expect([track!.codedWidth, track!.codedHeight]).toEqual([128, 128]);
    const packets = [];
    for await (const p of new EncodedPacketSink(track!).packets()) packets.push(p);
    expect(packets).toHaveLength(FRAMES);
    for (const [i, p] of packets.entries()) expect(p.timestamp).toBeCloseTo(i / FPS, 3);
    expect(packets[0]!.type).toBe('key');
    expect(vp9KeyFrameSize(packets[0]!.data)).toEqual({ width: 128, height: 128 });
    // Decode in the page: every packet gives a 128 x 128 frame; the last frame is the canvas's picture.
    const config = await track!.getDecoderConfig();
    const decoded = await page.evaluate(
      async (cfg, list) => {
        const out: { w: number; h: number }[] = [];
        let first: VideoFrame | null = null;
        let last: VideoFrame | null = null;
        const dec = new VideoDecoder({
          output: (f) => {
            out.push({ w: f.displayWidth, h: f.displayHeight });
            if (!first) first = f;
            else if (last) last.close();
            if (first !== f) last = f;
          },
          error: (e) => {
            throw e;
          },
        });
        dec.configure(cfg as VideoDecoderConfig);
        for (const p of list) {
          const data = Uint8Array.from(atob(p.data), (c) => c.charCodeAt(0));
          dec.decode(new EncodedVideoChunk({ type: p.type, timestamp: p.t, data }));
        }
        await dec.flush();
        const w = 128;
        const h = 128;
        const draw = (src: CanvasImageSource) => {
          const c = new OffscreenCanvas(w, h);
          const g = c.getContext('2d')!;
          g.drawImage(src, 0, 0, w, h);
          return g.getImageData(0, 0, w, h).data;
        };
        const b = draw(document.getElementById('view') as HTMLCanvasElement);
        const diff = (f: VideoFrame) => {
          const a = draw(f);
          f.close();
          let sum = 0;
          for (let i = 0; i < a.length; i += 4)
            for (let k = 0; k < 3; k++) sum += Math.abs(a[i + k]! - b[i + k]!);
          return sum / (w * h * 3);
        };
        return { frames: out, meanDiff: diff(last!), firstDiff: diff(first!) };
      },
      { codec: config!.codec, codedWidth: 128, codedHeight: 128 },
      packets.map((p) => ({
        type: p.type,
        t: Math.round(p.timestamp * 1e6),
        data: Buffer.from(p.data).toString('base64'),
      })),
    );
    expect(decoded.frames).toHaveLength(FRAMES);
    expect(decoded.frames[0]).toEqual({ w: 128, h: 128 });
    console.log(
      JSON.stringify({
        lastFrameMeanAbsDiff: +decoded.meanDiff.toFixed(2),
        firstFrameMeanAbsDiff: +decoded.firstDiff.toFixed(2),
      }),
    );
    // Lossy, but the same picture: on average within a few levels of 255; the first frame (the wide view)
    // is another picture and differs by far more.
    expect(decoded.meanDiff).toBeLessThan(8);
    expect(decoded.firstDiff).toBeGreaterThan(3 * decoded.meanDiff);
  }, 55_000);

  it('shows the recording badge while V records and hides it when V stops', async () => {
    const page = await page128();
    const badge = () =>
      page.$eval('#record-badge', (b) => ({ hidden: (b as HTMLElement).hidden, text: b.textContent }));
    expect((await badge()).hidden).toBe(true);
    await page.keyboard.press('V');
    await page.waitForFunction(() => window.reluOrigami!.isRecording(), { timeout: 20_000 });
    const on = await badge();
    expect(on.hidden).toBe(false);
    expect(on.text).toMatch(/^● REC 0:0\d$/);
    await page.evaluate(() => window.reluOrigami!.setView({ x0: -3, x1: 3, y0: -3, y1: 3 }));
    await page.evaluate(() => window.reluOrigami!.render());
    await page.keyboard.press('V');
    await page.waitForFunction(
      () => window.reluOrigami!.messages().some((m) => m.includes('relu-origami-live.webm')),
      { timeout: 20_000 },
    );
    expect(await page.evaluate(() => window.reluOrigami!.isRecording())).toBe(false);
    expect((await badge()).hidden).toBe(true);
    const saved = await page.evaluate(() => window.reluOrigami!.messages().join('\n'));
    expect(saved).toMatch(/Saved relu-origami-live\.webm \(128 x 128/);
  }, 55_000);

  it('records through the MediaRecorder fallback when WebCodecs is switched off: a WebM file', async () => {
    const page = await page128();
    const r = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      if (typeof MediaRecorder === 'undefined') return { skipped: 'no MediaRecorder' };
      await api.startRecording(15, { webcodecs: false });
      const during = api.isRecording();
      // A changing picture, so that the captured stream carries frames (about 1.5 s: one timeslice and more).
      for (let i = 0; i < 8; i++) {
        const w = 3 - 0.25 * i;
        api.setView({ x0: -w, x1: w, y0: -w, y1: w });
        await api.render();
        await new Promise((ok) => setTimeout(ok, 180));
      }
      const rec = await api.stopRecording();
      return {
        skipped: '',
        during,
        after: api.isRecording(),
        encoder: rec.encoder,
        mimeType: rec.mimeType,
        size: [rec.width, rec.height],
        length: rec.bytes.length,
        head: Array.from(rec.bytes.subarray(0, 4)),
        duration: rec.duration,
        base64: btoa(Array.from(rec.bytes, (b) => String.fromCharCode(b)).join('')),
      };
    });
    if (r.skipped) {
      console.log(`MediaRecorder fallback test skipped: ${r.skipped}`);
      return;
    }
    const { base64, ...figures } = r;
    const bytes = Uint8Array.from(Buffer.from(base64!, 'base64'));
    // Read back in Node: a video track of the canvas's size with at least one packet, the first a key frame.
    const input = new Input({ formats: [WEBM], source: new BufferSource(bytes) });
    const track = await input.getPrimaryVideoTrack();
    const packets = [];
    if (track) for await (const p of new EncodedPacketSink(track).packets()) packets.push(p);
    console.log(JSON.stringify({ ...figures, packets: packets.length }));
    expect(track).not.toBeNull();
    expect([track!.codedWidth, track!.codedHeight]).toEqual([128, 128]);
    expect(packets.length).toBeGreaterThan(0);
    expect(packets[0]!.type).toBe('key');
    expect(r.during).toBe(true);
    expect(r.after).toBe(false);
    expect(r.encoder).toBe('mediarecorder');
    expect(r.mimeType).toMatch(/^video\/webm/);
    expect(r.size).toEqual([128, 128]);
    expect(r.length).toBeGreaterThan(100);
    // A WebM file starts with the EBML magic.
    expect(r.head).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  }, 55_000);
});
